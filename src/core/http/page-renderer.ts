import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from '../package-root';

/**
 * Server-rendered public pages (unsubscribe, preferences, survey, coupon code…). Their French
 * copy lives in `templates/pages/*.hbs`; each is compiled once, strictly, with HTML escaping.
 * The pages work without JavaScript.
 */
@Injectable()
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly directory = path.join(PACKAGE_ROOT, 'templates', 'pages');

  constructor() {
    const layout = fs.readFileSync(path.join(this.directory, 'layout.hbs'), 'utf8');
    this.handlebars.registerPartial('layout', layout);
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  render(page: string, data: Record<string, unknown>): string {
    let template = this.compiled.get(page);
    if (!template) {
      template = this.handlebars.compile(fs.readFileSync(path.join(this.directory, `${page}.hbs`), 'utf8'), {
        strict: true,
      });
      this.compiled.set(page, template);
    }
    return template(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  }
}
