import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CampaignsRepository } from '../../campaigns/campaigns.repository';
import { DomainError } from '../../core/errors/domain-error';
import { launchBlockers } from '../../templates/lint/lint-rules';
import { TEMPLATE_ID, TemplateLibrary } from '../../templates/template-library';
import { TemplateLintService } from '../../templates/template-lint.service';
import { TemplatesService } from '../../templates/templates.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { fileName, importInput } from './template-form';
import { copyName, templateGroups } from './template-list-view';
import { parseDiffChoice, templatePageView } from './template-page-view';

/** The editor a new stored template opens in, by channel. */
const EDITOR_PATHS: Record<string, string> = { letter: '/lettre', email: '/email', sms: '/sms', phone: '/appel' };

function notFound(id: string): DomainError {
  return DomainError.notFound('templates.not_found', `no stored template with id "${id}"`);
}

/**
 * Modèles: the library and the stored templates in one list (by channel and use), duplicating a
 * library file into an editable stored template, importing a file; a stored template's page (its
 * versions, who saved each and when, which campaigns pinned which version, the diff between two
 * versions) and its file. Over the services `relance template` and the API use.
 */
@ConsolePages()
@Controller('modeles')
export class TemplatesPageController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly templates: TemplatesService,
    private readonly library: TemplateLibrary,
    private readonly linter: TemplateLintService,
    private readonly campaigns: CampaignsRepository,
  ) {}

  @Get()
  async list(@Req() request: ConsoleRequest, @Res() response: Response) {
    const groups = templateGroups(this.library.list(), await this.templates.withCurrentVersions());
    const view = { groups, marketer: request.consoleSession!.user.role !== 'manager', problems: [] };
    sendPage(response, this.renderer.render('templates', 'Modèles', view, shell(request)));
  }

  @Post('dupliquer')
  @ConsoleRole('marketer')
  async duplicate(@Body() body: Record<string, unknown>, @Res() response: Response) {
    const reference = typeof body.modele === 'string' ? body.modele : '';
    const entry = this.library.list().find((item) => item.reference === reference);
    if (!entry) {
      const reason = `aucun modèle de la bibliothèque « ${reference} »`;
      throw DomainError.invalid('console.invalid_form', `modele: ${reason}`, { fields: [{ field: 'modele', reason }] });
    }
    const saved = await this.templates.duplicate(reference, copyName(entry, reference));
    response.redirect(303, `/modeles/${saved.template.id}${EDITOR_PATHS[saved.template.channel] ?? ''}`);
  }

  /** A template file (front matter and body) pasted or read from disk: stored as a new template, version 1. */
  @Post('importer')
  @ConsoleRole('marketer')
  async import(@Body() body: Record<string, unknown>, @Res() response: Response) {
    const input = importInput(body);
    const saved = await this.templates.create(input);
    response.redirect(303, `/modeles/${saved.template.id}${EDITOR_PATHS[saved.template.channel] ?? ''}`);
  }

  @Get(':id')
  async page(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.stored(id);
    const versions = await this.templates.history(template.id);
    const uses = await this.campaigns.usingTemplateVersions(versions.map((version) => version.id));
    const { choice, problems } = parseDiffChoice(
      query,
      versions.map((version) => version.version),
    );
    const current = await this.templates.version(template.id, template.currentVersion);
    const { report } = await this.linter.lint(this.templates.snapshot(template, current));
    const view = {
      ...templatePageView(template, versions, uses, choice),
      launchBlockers: launchBlockers(report),
      warnings: report.warnings,
      problems,
      marketer: request.consoleSession!.user.role !== 'manager',
    };
    sendPage(
      response,
      this.renderer.render('template', template.name, view, shell(request)),
      problems.length ? 400 : 200,
    );
  }

  /** The file of a version (the current one by default), as the library's files are written. */
  @Get(':id/fichier')
  async file(@Param('id') id: string, @Query('version') asked: unknown, @Res() response: Response) {
    const template = await this.stored(id);
    const number =
      asked === undefined
        ? template.currentVersion
        : typeof asked === 'string' && /^\d{1,9}$/.test(asked)
          ? Number(asked)
          : NaN;
    if (!Number.isInteger(number)) throw DomainError.invalid('templates.version', 'version: give a version number');
    const version = await this.templates.version(template.id, number);
    response
      .status(200)
      .type('text/plain; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${fileName(template.name, template.channel)}"`)
      .set('Cache-Control', 'no-store')
      .send(version.source);
  }

  /** Anything but a stored template's id is a page that does not exist: 404, never a database error. */
  private async stored(id: string) {
    if (!TEMPLATE_ID.test(id)) throw notFound(id);
    return this.templates.get(id.toLowerCase());
  }
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
