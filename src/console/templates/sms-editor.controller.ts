import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CampaignsRepository, type CampaignRow } from '../../campaigns/campaigns.repository';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { withSample } from '../../templates/lint/template-linter';
import { smsStructure, type SmsStructure } from '../../templates/source/sms-structure';
import { TemplateLibrary } from '../../templates/template-library';
import { TemplateLintService } from '../../templates/template-lint.service';
import { TemplatePreviewService } from '../../templates/template-preview.service';
import { TemplatesService } from '../../templates/templates.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { editableTemplate, isMarketer, savedVersion, shell } from './channel-editor-shared';
import { mergeFields } from './letter-editor-view';
import { parsePrice, smsCheckView, smsFormView, smsFromForm, type SmsMeasure, type SmsPriceChoice } from './sms-editor-view';
import { formText, MAX_SOURCE, templateName } from './template-form';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Draft {
  templateId: string;
  name: string;
  source: string;
  contact: string;
  campaign: CampaignRow | null;
  price: string;
}

/**
 * The SMS editor (/modeles/:id/sms): the text with its merge fields, and beside it the SMS as a
 * contact (or the sample one) would receive it — the engine's own rendering and measure: characters,
 * GSM-7 or UCS-2 (and which characters forced UCS-2), segments, cost — the STOP mention and the
 * linter's findings, updated as one types (htmx, debounced). Opened from a campaign
 * (`?campagne=<id>`), it renders with the campaign's sender, data and SMS price. Saving adds a
 * version (marketers); a text the linter refuses is kept as a draft that cannot launch.
 */
@ConsolePages()
@Controller('modeles/:id/sms')
export class SmsEditorController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly templates: TemplatesService,
    private readonly linter: TemplateLintService,
    private readonly previews: TemplatePreviewService,
    private readonly library: TemplateLibrary,
    private readonly campaigns: CampaignsRepository,
  ) {}

  @Get()
  async edit(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await editableTemplate(this.templates, id, 'sms');
    const version = await this.templates.version(template.id, template.currentVersion);
    const campaign = await this.campaign(typeof query.campagne === 'string' ? query.campagne : '');
    const draft = { templateId: template.id, name: template.name, source: version.source, contact: '', campaign, price: '' };
    await this.show(draft, smsStructure(version.source), savedVersion(query.enregistre), null, request, response);
  }

  /** The panel for the text as it is now (htmx, debounced): nothing is saved. */
  @Post('apercu')
  async check(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await editableTemplate(this.templates, id, 'sms');
    let draft: Draft;
    try {
      draft = await this.draftOf(template.id, template.name, body);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      return sendPage(response, this.renderer.renderFragment('template-editor-problem', { message: error.message }, shell(request)));
    }
    const { check } = await this.checkView(draft);
    sendPage(response, this.renderer.renderFragment('template-sms-check', check, shell(request)));
  }

  /** A new version (marketers). A text with lint errors is kept as a draft: the page says it cannot launch. */
  @Post()
  @ConsoleRole('marketer')
  async save(
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    const template = await editableTemplate(this.templates, id, 'sms');
    const draft = await this.draftOf(template.id, templateName(body), body);
    try {
      const saved = await this.templates.update(template.id, { source: draft.source, name: draft.name });
      const from = draft.campaign ? `&campagne=${draft.campaign.id}` : '';
      response.redirect(303, `/modeles/${template.id}/sms?enregistre=${saved.version.version}${from}`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const failure = { code: error.code, message: error.message };
      const structure = smsFromForm(body).structure;
      await this.show(draft, structure, null, failure, request, response, HTTP_STATUS_BY_KIND[error.kind]);
    }
  }

  private async draftOf(templateId: string, name: string, body: Record<string, unknown>): Promise<Draft> {
    const { source } = smsFromForm(body);
    return {
      templateId,
      name,
      source,
      contact: formText(body, 'contact', 100).trim(),
      campaign: await this.campaign(formText(body, 'campagne', 100).trim()),
      price: formText(body, 'prix', 30),
    };
  }

  private async show(
    draft: Draft,
    structure: SmsStructure,
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
      maxSource: MAX_SOURCE,
      campaign: draft.campaign ? { id: draft.campaign.id, name: draft.campaign.name } : null,
      form: smsFormView(structure, this.defaultMention()),
      fields,
      check,
    };
    sendPage(response, this.renderer.render('template-sms', `${draft.name} · SMS`, view, shell(request)), status);
  }

  /** Lints the draft and renders it with the engine for the chosen contact (or the sample one). */
  private async checkView(draft: Draft) {
    const snapshot = this.templates.draft(draft.name, 'sms', draft.source);
    const { report, definition } = await this.linter.lint(snapshot);
    const typed = parsePrice(draft.price);
    const price = this.priceFor(draft.campaign, typed.value);
    let measure: SmsMeasure | null = null;
    let problem: string | null = null;
    if (report.errors.some((issue) => issue.rule === 'syntax')) problem = 'le modèle est illisible (voir les erreurs)';
    else {
      try {
        const definitionOf = draft.campaign?.definition;
        const result = await this.previews.previewSnapshot(snapshot, {
          contact: draft.contact || undefined,
          sender: definitionOf?.sender,
          data: definitionOf?.data,
        });
        measure = result as unknown as SmsMeasure;
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === 'unavailable') throw error;
        problem = error.message;
      }
    }
    const data = definition
      ? withSample(this.linter.sampleRecipient(), definition.sample)
      : this.linter.sampleRecipient();
    const check = smsCheckView({
      id: draft.templateId,
      report,
      marketing: definition?.marketing ?? true,
      measure,
      problem,
      price,
      priceProblem: typed.problem,
      contact: draft.contact,
    });
    return { check, fields: mergeFields(data) };
  }

  /** The price typed, else the campaign's SMS price, else the library's default (templates/sample-data.json). */
  private priceFor(campaign: CampaignRow | null, typed: number | null): SmsPriceChoice | null {
    const costs = this.library.sampleData().costs;
    const currency = campaign?.definition.costs.currency ?? costs?.currency ?? 'MAD';
    if (typed !== null) return { perSegment: typed, currency, source: 'le prix saisi' };
    const fromCampaign = campaign?.definition.costs.per_message.sms;
    if (campaign && fromCampaign !== undefined)
      return { perSegment: fromCampaign, currency, source: `le prix SMS de la campagne « ${campaign.name} »` };
    const none = campaign ? ` : la campagne « ${campaign.name} » n'a pas de prix SMS` : '';
    if (costs?.sms_per_segment !== undefined)
      return { perSegment: costs.sms_per_segment, currency, source: `le prix par défaut (templates/sample-data.json)${none}` };
    return null;
  }

  private async campaign(id: string): Promise<CampaignRow | null> {
    if (!id) return null;
    const found = UUID.test(id) ? await this.campaigns.find(id.toLowerCase()) : undefined;
    if (!found) throw DomainError.notFound('campaigns.not_found', `campagne : aucune campagne « ${id} »`);
    return found;
  }

  private defaultMention(): string {
    const mention = this.library.defaultsFor('sms').opt_out;
    return typeof mention === 'string' ? mention : '';
  }
}
