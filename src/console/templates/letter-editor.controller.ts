import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { policyHeader } from '../../core/http/security-headers';
import { launchBlockers, type LintReport } from '../../templates/lint/lint-rules';
import { withSample } from '../../templates/lint/template-linter';
import { letterStructure, type LetterStructure } from '../../templates/source/letter-structure';
import { TEMPLATE_ID } from '../../templates/template-library';
import { TemplateLintService } from '../../templates/template-lint.service';
import { TemplatePreviewService } from '../../templates/template-preview.service';
import { TemplatesService } from '../../templates/templates.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { LetterDrafts } from './letter-drafts';
import { letterEditorView, mergeFields, placeFindings } from './letter-editor-view';
import { fileName, formText, importInput, letterFromForm, MAX_SOURCE, templateName } from './template-form';

/** The preview frame: a PDF framed by relance's own editor page only. */
const LETTER_PREVIEW_POLICY = { 'default-src': ["'none'"], 'frame-ancestors': ["'self'"] };

interface EditorState {
  name: string;
  structure: LetterStructure;
  source: string;
  contact: string;
  saved: number | null;
  error: { code: string; message: string } | null;
}

/**
 * The structured letter editor (/modeles/:id/lettre): the parts of an effective letter in a form,
 * the linter's findings next to the part they concern, the PDF of the page beside it (re-rendered
 * as the text changes, for the sample contact or a chosen one), merge fields from the data with
 * their sample values; saving adds a version (marketers); a letter the linter refuses is saved as
 * a draft that cannot launch, and the page says why (the launch's own rule, `launchBlockers`).
 */
@ConsolePages()
@Controller('modeles/:id/lettre')
export class LetterEditorController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly templates: TemplatesService,
    private readonly linter: TemplateLintService,
    private readonly previews: TemplatePreviewService,
    private readonly drafts: LetterDrafts,
  ) {}

  @Get()
  async edit(
    @Param('id') id: string,
    @Query('enregistre') saved: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.letter(id);
    const version = await this.templates.version(template.id, template.currentVersion);
    const number = typeof saved === 'string' && /^\d{1,9}$/.test(saved) ? Number(saved) : null;
    const state = { name: template.name, source: version.source, contact: '', saved: number, error: null };
    await this.show(template.id, { ...state, structure: letterStructure(version.source) }, request, response);
  }

  /** The findings and the preview frame for the form as it is now (htmx, debounced): nothing is saved. */
  @Post('apercu')
  async check(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.letter(id);
    const { source, structure } = letterFromForm(body);
    const contact = formText(body, 'contact', 100).trim();
    const check = await this.checkView(template.id, template.name, source, structure, contact, request);
    sendPage(response, this.renderer.renderFragment('template-letter-check', check, shell(request)));
  }

  @Get('apercu.pdf')
  async pdf(
    @Param('id') id: string,
    @Query('brouillon') key: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.letter(id);
    const draft =
      typeof key === 'string' ? this.drafts.get(key, request.consoleSession!.user.id, template.id) : undefined;
    if (!draft)
      throw DomainError.notFound(
        'console.preview_gone',
        "cet aperçu n'existe plus : modifiez le texte pour en refaire un",
      );
    response
      .status(200)
      .type('application/pdf')
      .set('Content-Disposition', `inline; filename="${fileName(draft.name, 'letter').replace(/\.hbs$/, '.pdf')}"`)
      .set('Content-Security-Policy', policyHeader(LETTER_PREVIEW_POLICY))
      .set('X-Frame-Options', 'SAMEORIGIN')
      .set('Cache-Control', 'no-store')
      .send(draft.pdf);
  }

  /** A new version from the form (marketers). A letter with lint errors is kept as a draft: the page says it cannot launch. */
  @Post()
  @ConsoleRole('marketer')
  async save(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.letter(id);
    const { source, structure } = letterFromForm(body);
    const name = templateName(body);
    try {
      const saved = await this.templates.update(template.id, { source, name });
      response.redirect(303, `/modeles/${template.id}/lettre?enregistre=${saved.version.version}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const state = {
        name,
        source,
        structure,
        contact: '',
        saved: null,
        error: { code: error.code, message: error.message },
      };
      await this.show(template.id, state, request, response, HTTP_STATUS_BY_KIND[error.kind]);
    }
  }

  /** The form as a file, as the library's are written (nothing saved). */
  @Post('fichier')
  async exportDraft(@Param('id') id: string, @Body() body: Record<string, unknown>, @Res() response: Response) {
    await this.letter(id);
    const { source } = letterFromForm(body);
    response
      .status(200)
      .type('text/plain; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${fileName(templateName(body), 'letter')}"`)
      .set('Cache-Control', 'no-store')
      .send(source);
  }

  /** A file read into the editor (not saved until "Enregistrer"): its parts replace the form's. */
  @Post('importer')
  async importFile(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await this.letter(id);
    const { source } = importInput({ ...body, canal: 'letter', nom: template.name });
    let structure: LetterStructure;
    try {
      structure = letterStructure(source);
    } catch (error) {
      throw DomainError.invalid(
        'console.invalid_form',
        `fichier: ${error instanceof Error ? error.message : 'illisible'}`,
      );
    }
    const state = { name: template.name, source, structure, contact: '', saved: null, error: null };
    await this.show(template.id, state, request, response);
  }

  private async show(
    templateId: string,
    state: EditorState,
    request: ConsoleRequest,
    response: Response,
    status = 200,
  ): Promise<void> {
    const check = await this.checkView(templateId, state.name, state.source, state.structure, state.contact, request);
    const view = {
      id: templateId,
      name: state.name,
      base: state.source,
      saved: state.saved,
      error: state.error,
      marketer: request.consoleSession!.user.role !== 'manager',
      maxSource: MAX_SOURCE,
      form: letterEditorView(state.structure, check.findings),
      fields: check.fields,
      check,
    };
    sendPage(response, this.renderer.render('template-letter', `${state.name} · lettre`, view, shell(request)), status);
  }

  /** Lints the draft, stores it for the preview frame, and places the findings next to their part. */
  private async checkView(
    templateId: string,
    name: string,
    source: string,
    structure: LetterStructure,
    contact: string,
    request: ConsoleRequest,
  ) {
    const snapshot = this.templates.draft(name, 'letter', source);
    const { report, definition } = await this.linter.lint(snapshot);
    const preview = await this.preview(report, snapshot, contact);
    const key = preview.pdf
      ? this.drafts.put({ userId: request.consoleSession!.user.id, templateId, name, pdf: preview.pdf })
      : null;
    const data = definition
      ? withSample(this.linter.sampleRecipient(), definition.sample)
      : this.linter.sampleRecipient();
    return {
      id: templateId,
      findings: placeFindings(report, structure.paragraphs),
      blockers: launchBlockers(report),
      errors: report.errors.length,
      warnings: report.warnings.length,
      pdfHref: key ? `/modeles/${templateId}/lettre/apercu.pdf?brouillon=${key}` : null,
      previewProblem: preview.problem,
      contact,
      fields: mergeFields(data),
    };
  }

  /** The page's PDF, or why it cannot be previewed (unreadable template, a value missing for this contact, an unknown contact). */
  private async preview(
    report: LintReport,
    snapshot: ReturnType<TemplatesService['draft']>,
    contact: string,
  ): Promise<{ pdf: Buffer | null; problem: string | null }> {
    if (report.errors.some((issue) => issue.rule === 'syntax'))
      return { pdf: null, problem: 'le modèle est illisible (voir les erreurs)' };
    try {
      const result = await this.previews.previewSnapshot(snapshot, { contact: contact || undefined });
      return { pdf: result.pdf ?? null, problem: result.pdf ? null : 'pas de page à montrer' };
    } catch (error) {
      if (error instanceof DomainError && error.kind !== 'unavailable') return { pdf: null, problem: error.message };
      throw error;
    }
  }

  /** A stored letter the console may edit: never a library file, never another channel. */
  private async letter(id: string) {
    if (!TEMPLATE_ID.test(id)) throw DomainError.notFound('templates.not_found', `no stored template with id "${id}"`);
    const template = await this.templates.get(id.toLowerCase());
    if (template.channel !== 'letter')
      throw DomainError.notFound('templates.not_found', `template "${template.name}" is not a letter`);
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
