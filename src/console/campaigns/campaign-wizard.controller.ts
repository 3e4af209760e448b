import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CampaignTemplateChoices } from '../../campaigns/campaign-template-choices.service';
import { CampaignsRepository, type CampaignRow } from '../../campaigns/campaigns.repository';
import { CampaignsService } from '../../campaigns/campaigns.service';
import { roleAllows } from '../../core/auth/api-key.service';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { DomainError } from '../../core/errors/domain-error';
import { SavedSegmentsService } from '../../segments/saved-segments.service';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import {
  definitionFromForm,
  filledRows,
  formFromDefinition,
  formValues,
  problemsByField,
  type WizardForm,
} from './campaign-wizard-form';
import { wizardView } from './campaign-wizard-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Nouvelle campagne: the wizard, one page of sections (objective, audience, steps, campaign data,
 * costs, sender) that builds the campaign JSON and saves it through `CampaignsService.create` —
 * the API's own parser and checks, each problem shown next to its field — then the pre-flight.
 * A draft is edited the same way (`/campagnes/:id/modifier`). Registered before the campaign pages.
 */
@ConsolePages()
@Controller('campagnes')
export class CampaignWizardController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly campaigns: CampaignsService,
    private readonly stored: CampaignsRepository,
    private readonly choices: CampaignTemplateChoices,
    private readonly segments: SavedSegmentsService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  @Get('nouvelle')
  async create(@Query('segment') segment: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    const form: WizardForm = typeof segment === 'string' ? { segment } : {};
    await this.show(request, response, { form, errors: {}, draft: null });
  }

  @Post('nouvelle')
  @ConsoleRole('marketer')
  async save(@Body() body: unknown, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.submit(formValues(body), null, request, response);
  }

  @Get(':id/modifier')
  async edit(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const draft = await this.draft(id);
    await this.show(request, response, { form: formFromDefinition(draft.definition), errors: {}, draft });
  }

  @Post(':id/modifier')
  @ConsoleRole('marketer')
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: ConsoleRequest,
    @Res() response: Response,
  ) {
    await this.submit(formValues(body), await this.draft(id), request, response);
  }

  /** « Actualiser » shows the form again (new steps, segments, campaign data); saving goes on to the pre-flight. */
  private async submit(form: WizardForm, draft: CampaignRow | null, request: ConsoleRequest, response: Response) {
    if (form.action === 'actualiser') return this.show(request, response, { form, errors: {}, draft });
    const definition = definitionFromForm(form, draft?.definition);
    try {
      const { id } = draft
        ? await this.campaigns.updateDraft(draft.id, definition)
        : await this.campaigns.create(definition);
      response.redirect(303, `/campagnes/${id}/verification`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      const problems = error.details?.fields?.length ? error.details.fields : [{ field: '', reason: error.message }];
      const errors = problemsByField(problems, filledRows(form));
      await this.show(request, response, { form, errors, draft }, 422);
    }
  }

  /** A draft of a campaign (404 otherwise; a launched one cannot be edited: 409 with why). */
  private async draft(id: string): Promise<CampaignRow> {
    const campaign = UUID.test(id) ? await this.stored.find(id.toLowerCase()) : undefined;
    if (campaign?.kind !== 'campaign') throw DomainError.notFound('campaigns.not_found', `no campaign with id "${id}"`);
    if (campaign.status !== 'draft')
      throw DomainError.conflict('campaigns.not_draft', 'cette campagne est lancée : seul un brouillon se modifie');
    return campaign;
  }

  private async show(
    request: ConsoleRequest,
    response: Response,
    state: { form: WizardForm; errors: Record<string, string[]>; draft: CampaignRow | null },
    status = 200,
  ): Promise<void> {
    const references = filledRows(state.form).map((row) => state.form[`etape${row}_modele`].trim());
    const [templates, dataFields, segments] = await Promise.all([
      this.choices.list(),
      this.choices.dataFields(references),
      this.segments.list(),
    ]);
    const view = wizardView({
      form: state.form,
      errors: state.errors,
      segments: segments.map((segment) => ({ id: segment.id, name: segment.name })),
      templates,
      dataFields,
      draftId: state.draft?.id ?? null,
      inlineRules: Boolean(state.draft?.definition.segment),
      canEdit: roleAllows(request.consoleSession!.user.role, 'marketer'),
      defaultCurrency: this.config.defaultCurrency,
    });
    const title = state.draft ? `Modifier ${state.draft.name}` : 'Nouvelle campagne';
    const html = this.renderer.render('campaign-wizard', title, view, {
      path: request.path,
      session: request.consoleSession,
    });
    sendPage(response, html, status);
  }
}
