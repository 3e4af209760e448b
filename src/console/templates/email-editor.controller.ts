import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { policyHeader, WRITTEN_EMAIL_POLICY } from '../../core/http/security-headers';
import { SegmentCatalogueService } from '../../segments/segment-catalogue.service';
import { emailParts, emailSource } from '../../templates/source/email-structure';
import { TEMPLATE_ID } from '../../templates/template-library';
import { TemplatesService } from '../../templates/templates.service';
import { consoleAssetUrl } from '../shell/console-assets';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { EmailDrafts } from './email-drafts';
import { EmailEditorCheck } from './email-editor-check';
import { completionFields, type PreviewWidth } from './email-editor-view';
import { mergeFields } from './letter-editor-view';
import { formText, MAX_SOURCE, templateName } from './template-form';

interface EditorState {
  name: string;
  base: string;
  subject: string;
  preheader: string;
  body: string;
  contact: string;
  width: PreviewWidth;
  saved: number | null;
  error: { message: string } | null;
}

/** The form as posted: the source is the base file with the subject, preheader and MJML body given. */
function stateFromForm(body: Record<string, unknown>, name: string): EditorState {
  const base = formText(body, 'base', MAX_SOURCE);
  const width = formText(body, 'largeur') === 'mobile' ? 'mobile' : 'bureau';
  return {
    name,
    base,
    subject: formText(body, 'objet', 1000),
    preheader: formText(body, 'preheader', 1000),
    body: formText(body, 'corps', MAX_SOURCE),
    contact: formText(body, 'contact', 100),
    width,
    saved: null,
    error: null,
  };
}

function sourceOf(state: EditorState): string {
  const source = emailSource(state.base, state);
  if (source.length > MAX_SOURCE)
    throw DomainError.invalid('console.invalid_form', `corps: au plus ${MAX_SOURCE} caractères`, {
      fields: [{ field: 'corps', reason: `au plus ${MAX_SOURCE} caractères` }],
    });
  return source;
}

/**
 * The e-mail editor (/modeles/:id/email): the MJML and Handlebars source in a code editor (merge
 * fields completed after `{{`), subject and preheader, the message as an inbox lists it, a live
 * preview at desktop or mobile width for the sample or a chosen contact in a sandboxed frame, the
 * text part beside it and the linter's findings; saving adds a version (marketers). An e-mail the
 * linter refuses is saved as a draft that cannot launch, and the page says why (`launchBlockers`).
 */
@ConsolePages()
@Controller('modeles/:id/email')
export class EmailEditorController {
  private readonly script = consoleAssetUrl('email-editor.js');

  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly templates: TemplatesService,
    private readonly checker: EmailEditorCheck,
    private readonly drafts: EmailDrafts,
    private readonly catalogue: SegmentCatalogueService,
  ) {}

  @Get()
  async edit(
    @Param('id') id: string,
    @Query('enregistre') saved: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.email(id);
    const version = await this.templates.version(template.id, template.currentVersion);
    const parts = emailParts(version.source);
    const number = typeof saved === 'string' && /^\d{1,9}$/.test(saved) ? Number(saved) : null;
    const state: EditorState = {
      ...parts,
      name: template.name,
      base: version.source,
      contact: '',
      width: 'bureau',
      saved: number,
      error: null,
    };
    await this.show(template.id, state, request, response);
  }

  /** The findings, inbox line, preview and text for the form as it is now (htmx, debounced; a whole page without script). */
  @Post('apercu')
  async check(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.email(id);
    const state = stateFromForm(body, formText(body, 'nom', 200).trim() || template.name);
    if (request.get('HX-Request') !== 'true') return this.show(template.id, state, request, response, 'check');
    const check = await this.checker.check(this.checkInput(template.id, state, request));
    const status = check.sourceProblems ? 422 : 200;
    sendPage(response, this.renderer.renderFragment('template-email-check', check, shell(request)), status);
  }

  /** The contact picker's suggestions (htmx, as the field is typed): `<option>`s of its datalist. */
  @Get('clients')
  async contacts(
    @Param('id') id: string,
    @Query('contact') query: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    await this.email(id);
    const text = typeof query === 'string' ? query.slice(0, 100) : '';
    const options = await this.checker.suggestions(text);
    sendPage(response, this.renderer.renderFragment('template-email-contacts', { options }, shell(request)));
  }

  /** The previewed HTML alone, for the editor's sandboxed frame: never run in relance's origin. */
  @Get('apercu.html')
  async frame(
    @Param('id') id: string,
    @Query('brouillon') key: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.email(id);
    const draft =
      typeof key === 'string' ? this.drafts.get(key, request.consoleSession!.user.id, template.id) : undefined;
    if (!draft)
      throw DomainError.notFound('console.preview_gone', "cet aperçu n'existe plus : modifiez le texte pour en refaire un");
    response
      .status(200)
      .type('text/html; charset=utf-8')
      .set('Content-Security-Policy', policyHeader(WRITTEN_EMAIL_POLICY))
      .set('X-Frame-Options', 'SAMEORIGIN')
      .set('Cache-Control', 'no-store')
      .send(draft.html);
  }

  /** A new version from the form (marketers). An e-mail with lint errors is kept as a draft: the page says it cannot launch. */
  @Post()
  @ConsoleRole('marketer')
  async save(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.email(id);
    const state = stateFromForm(body, templateName(body));
    try {
      const saved = await this.templates.update(template.id, { source: sourceOf(state), name: state.name });
      response.redirect(303, `/modeles/${template.id}/email?enregistre=${saved.version.version}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const failed = { ...state, error: { message: error.message } };
      await this.show(template.id, failed, request, response, HTTP_STATUS_BY_KIND[error.kind]);
    }
  }

  private checkInput(templateId: string, state: EditorState, request: ConsoleRequest) {
    const { name, contact, width } = state;
    return { templateId, userId: request.consoleSession!.user.id, name, source: sourceOf(state), contact, width };
  }

  /** The page; `check`: 422 when the MJML has problems (the preview asked without script). */
  private async show(
    templateId: string,
    state: EditorState,
    request: ConsoleRequest,
    response: Response,
    status: number | 'check' = 200,
  ) {
    const check = await this.checker.check(this.checkInput(templateId, state, request));
    const view = {
      ...state,
      id: templateId,
      marketer: request.consoleSession!.user.role !== 'manager',
      maxSource: MAX_SOURCE,
      fields: completionFields(mergeFields(check.mergeData), await this.catalogue.attributes()),
      widths: [
        { value: 'bureau', label: 'Ordinateur (600 px et plus)', checked: state.width === 'bureau' },
        { value: 'mobile', label: 'Mobile (375 px)', checked: state.width === 'mobile' },
      ],
      script: this.script,
      check,
    };
    const page = this.renderer.render('template-email', `${state.name} · e-mail`, view, shell(request));
    sendPage(response, page, status === 'check' ? (check.sourceProblems ? 422 : 200) : status);
  }

  /** A stored e-mail the console may edit: never a library file, never another channel. */
  private async email(id: string) {
    if (!TEMPLATE_ID.test(id)) throw DomainError.notFound('templates.not_found', `no stored template with id "${id}"`);
    const template = await this.templates.get(id.toLowerCase());
    if (template.channel !== 'email')
      throw DomainError.notFound('templates.not_found', `template "${template.name}" is not an e-mail`);
    if (template.libraryPath)
      throw DomainError.conflict(
        'templates.library_template',
        `${template.libraryPath} is a library file: duplicate it to edit it`,
      );
    return template;
  }
}

function shell(request: ConsoleRequest) {
  return { path: request.path, session: request.consoleSession };
}
