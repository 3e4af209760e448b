import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { withSample } from '../../templates/lint/template-linter';
import type { RenderedScriptSection } from '../../templates/phone/call-script';
import { callScriptStructure, type CallScriptStructure } from '../../templates/source/call-script-structure';
import { TemplateLintService } from '../../templates/template-lint.service';
import { TemplatePreviewService } from '../../templates/template-preview.service';
import { TemplatesService } from '../../templates/templates.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { callCheckView, callFormView, callFromForm } from './call-editor-view';
import { editableTemplate, isMarketer, savedVersion, shell } from './channel-editor-shared';
import { mergeFields } from './letter-editor-view';
import { formText, templateName } from './template-form';

interface Draft {
  templateId: string;
  name: string;
  source: string;
  contact: string;
}

/**
 * The call-script editor (/modeles/:id/appel): the CROC plan — Contact, Reason, Objective,
 * Conclusion — one field each, and the branches (« si le client dit … » → what to answer), with
 * beside them the script as the caller will see it for a contact (or the sample one), the linter's
 * findings and the merge fields; updated as one types (htmx, debounced). The file is the library's
 * format (front matter, then `[contact] Title` sections), so export and import keep working.
 * Saving adds a version (marketers); a script the linter refuses is kept as a draft that cannot launch.
 */
@ConsolePages()
@Controller('modeles/:id/appel')
export class CallEditorController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly templates: TemplatesService,
    private readonly linter: TemplateLintService,
    private readonly previews: TemplatePreviewService,
  ) {}

  @Get()
  async edit(
    @Param('id') id: string,
    @Query('enregistre') saved: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await editableTemplate(this.templates, id, 'phone');
    const version = await this.templates.version(template.id, template.currentVersion);
    let structure: CallScriptStructure;
    try {
      structure = callScriptStructure(version.source, template.name);
    } catch (error) {
      throw DomainError.conflict(
        'console.unreadable_script',
        `ce script ne se lit pas en sections : ${error instanceof Error ? error.message : 'illisible'} (exportez le fichier pour le corriger)`,
      );
    }
    const draft = { templateId: template.id, name: template.name, source: version.source, contact: '' };
    await this.show(draft, structure, savedVersion(saved), null, request, response);
  }

  /** The panel for the script as it is now (htmx, debounced): nothing is saved. */
  @Post('apercu')
  async check(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await editableTemplate(this.templates, id, 'phone');
    let source: string;
    try {
      source = callFromForm(body).source;
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      return sendPage(response, this.renderer.renderFragment('template-editor-problem', { message: error.message }, shell(request)));
    }
    const draft = { templateId: template.id, name: template.name, source, contact: formText(body, 'contact', 100).trim() };
    const { check } = await this.checkView(draft);
    sendPage(response, this.renderer.renderFragment('template-call-check', check, shell(request)));
  }

  /** A new version (marketers). A script with lint errors is kept as a draft: the page says it cannot launch. */
  @Post()
  @ConsoleRole('marketer')
  async save(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await editableTemplate(this.templates, id, 'phone');
    const { source, structure } = callFromForm(body);
    const draft = { templateId: template.id, name: templateName(body), source, contact: '' };
    try {
      const saved = await this.templates.update(template.id, { source, name: draft.name });
      response.redirect(303, `/modeles/${template.id}/appel?enregistre=${saved.version.version}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const failure = { code: error.code, message: error.message };
      await this.show(draft, structure, null, failure, request, response, HTTP_STATUS_BY_KIND[error.kind]);
    }
  }

  private async show(
    draft: Draft,
    structure: CallScriptStructure,
    saved: number | null,
    error: { code: string; message: string } | null,
    request: ConsoleRequest,
    response: Response,
    status = 200,
  ): Promise<void> {
    const { check, fields } = await this.checkView(draft);
    const view = {
      id: draft.templateId,
      name: draft.name,
      base: draft.source,
      saved,
      error,
      marketer: isMarketer(request),
      form: callFormView(structure),
      fields,
      check,
    };
    sendPage(response, this.renderer.render('template-call', `${draft.name} · appel`, view, shell(request)), status);
  }

  /** Lints the draft and renders it with the engine for the chosen contact (or the sample one). */
  private async checkView(draft: Draft) {
    const snapshot = this.templates.draft(draft.name, 'phone', draft.source);
    const { report, definition } = await this.linter.lint(snapshot);
    let sections: RenderedScriptSection[] | null = null;
    let problem: string | null = null;
    if (report.errors.some((issue) => issue.rule === 'syntax')) problem = 'le script est illisible (voir les erreurs)';
    else {
      try {
        const result = await this.previews.previewSnapshot(snapshot, { contact: draft.contact || undefined });
        sections = (result as unknown as { sections: RenderedScriptSection[] }).sections;
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === 'unavailable') throw error;
        problem = error.message;
      }
    }
    const data = definition
      ? withSample(this.linter.sampleRecipient(), definition.sample)
      : this.linter.sampleRecipient();
    const check = callCheckView({ id: draft.templateId, report, sections, problem, contact: draft.contact });
    return { check, fields: mergeFields(data) };
  }
}
