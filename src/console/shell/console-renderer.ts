import { Inject, Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { PACKAGE_ROOT } from '../../core/package-root';
import type { ConsoleSession } from '../../core/auth/sessions.service';
import { consoleAssetUrls } from './console-assets';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './french-format';
import { navigation } from './navigation';

export const CONSOLE_TEMPLATES = path.join(PACKAGE_ROOT, 'templates', 'console');

/** What every page needs from the request: who is signed in (if anyone) and where they are. */
export interface ShellContext {
  path: string;
  session: ConsoleSession | undefined;
}

function templateFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? templateFiles(full) : entry.name.endsWith('.hbs') ? [full] : [];
  });
}

/**
 * The console's pages: `templates/console/*.hbs`, every one compiled once at start-up, strictly
 * (a missing field is an error, not an empty string) and HTML-escaped. No template may use `{{{`
 * (a spec checks the folder): the only unescaped text is a page body this renderer produced,
 * which reaches the layout as a SafeString.
 */
@Injectable()
export class ConsoleRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();
  private readonly layout: Handlebars.TemplateDelegate;
  private readonly assets = consoleAssetUrls();
  /** E-mails or SMS written to files: the outbox entry appears in the navigation. */
  private readonly outbox: boolean;

  constructor(@Inject(relanceConfig.KEY) config: RelanceConfigType) {
    this.outbox = !config.smtpUrl || !config.smsUrl;
    const timeZone = config.defaultTimezone;
    const helpers: Record<string, Handlebars.HelperDelegate> = {
      eq: (a: unknown, b: unknown) => a === b,
      /** `{{number x}}`, or `{{number x 2}}` with two decimals (a ROI). */
      number: (value: unknown, digits: unknown) => formatNumber(value, typeof digits === 'number' ? digits : 0),
      money: (value: unknown, currency: unknown) => formatMoney(value, String(currency)),
      percent: (value: unknown) => formatPercent(value),
      date: (value: unknown) => formatDate(value, timeZone),
      dateTime: (value: unknown) => formatDateTime(value, timeZone),
      /** A chart's figures for `data-chart='{{json chart}}'`: a string, so escaped like any other. */
      json: (value: unknown) => JSON.stringify(value ?? null),
    };
    for (const [name, helper] of Object.entries(helpers)) this.handlebars.registerHelper(name, helper);
    const options = { strict: true, noEscape: false } as const;
    for (const file of templateFiles(CONSOLE_TEMPLATES)) {
      const name = path
        .relative(CONSOLE_TEMPLATES, file)
        .replace(/\.hbs$/, '')
        .split(path.sep)
        .join('/');
      const source = fs.readFileSync(file, 'utf8');
      // A partial's final newline would put a space after every use (`E-mail , SMS`).
      if (name.startsWith('partials/'))
        this.handlebars.registerPartial(
          name.slice('partials/'.length),
          this.handlebars.compile(source.replace(/\n$/, ''), options),
        );
      else this.pages.set(name, this.handlebars.compile(source, options));
    }
    const layout = this.pages.get('layout');
    if (!layout) throw new Error(`relance: ${CONSOLE_TEMPLATES}/layout.hbs is missing`);
    this.layout = layout;
  }

  /**
   * A fragment for htmx (a live progress block, a table page): the template alone, without the
   * layout, with the same data a whole page gets.
   */
  renderFragment(page: string, data: Record<string, unknown>, shell: ShellContext): string {
    const template = this.pages.get(page);
    if (!template || page === 'layout') throw new Error(`relance: no console page "${page}"`);
    const session = shell.session;
    return template(
      { ...data, csrfToken: session?.csrfToken ?? data.csrfToken ?? '', user: session?.user ?? null },
      { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false },
    );
  }

  /** A whole page: the page template with `data` (plus the CSRF token for its forms), inside the layout. */
  render(page: string, title: string, data: Record<string, unknown>, shell: ShellContext): string {
    const template = this.pages.get(page);
    if (!template || page === 'layout') throw new Error(`relance: no console page "${page}"`);
    const session = shell.session;
    const runtime = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };
    const body = template(
      { ...data, csrfToken: session?.csrfToken ?? data.csrfToken ?? '', user: session?.user ?? null },
      runtime,
    );
    return this.layout(
      {
        title,
        body: new Handlebars.SafeString(body),
        user: session ? { ...session.user, displayName: session.user.name ?? session.user.email } : null,
        csrfToken: session?.csrfToken ?? '',
        navigation: session ? navigation({ path: shell.path, role: session.user.role, outbox: this.outbox }) : [],
        assets: this.assets,
      },
      runtime,
    );
  }

  get showsOutbox(): boolean {
    return this.outbox;
  }
}
