import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CampaignPreflightService } from '../../campaigns/campaign-preflight.service';
import { CampaignsRepository } from '../../campaigns/campaigns.repository';
import { CampaignsService } from '../../campaigns/campaigns.service';
import { LaunchCampaign } from '../../campaigns/launch-campaign.use-case';
import { DomainError, HTTP_STATUS_BY_KIND } from '../../core/errors/domain-error';
import { policyHeader, WRITTEN_EMAIL_POLICY } from '../../core/http/security-headers';
import { ConsoleRole } from '../shell/console-auth.guard';
import { ConsolePages, sendPage } from '../shell/console-page.decorator';
import { ConsoleRenderer } from '../shell/console-renderer';
import type { ConsoleRequest } from '../shell/console-request';
import { preflightView } from './campaign-preflight-view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SAMPLE = /^([1-9])(\.pdf)?$/;
const PDF_POLICY = { 'default-src': ["'none'"], 'frame-ancestors': ["'self'"] };

/**
 * Before launch: the pre-flight of a draft (`CampaignPreflightService`, the launch's own code in a
 * rolled-back transaction), its sample messages, the launch itself (marketers; a manager gets
 * 403) — `relance campaign launch` — and the duplicate of any campaign as a new draft.
 */
@ConsolePages()
@Controller('campagnes')
export class CampaignPreflightController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly preflight: CampaignPreflightService,
    private readonly launcher: LaunchCampaign,
    private readonly campaigns: CampaignsService,
    private readonly stored: CampaignsRepository,
  ) {}

  @Get(':id/verification')
  async check(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.show(await this.campaignId(id), request, response, null);
  }

  /** One sample recipient's message: an e-mail's HTML (for the sandboxed frame) or a letter's PDF. */
  @Get(':id/verification/exemples/:step/:sample')
  async sample(
    @Param('id') id: string,
    @Param('step') step: string,
    @Param('sample') sample: string,
    @Res() response: Response,
  ) {
    const match = SAMPLE.exec(sample);
    if (!match || !/^[1-9]\d?$/.test(step))
      throw DomainError.notFound('campaigns.no_sample', 'cet exemple n’existe pas');
    const { sample: rendered, pdf } = await this.preflight.sample(
      await this.campaignId(id),
      Number(step),
      Number(match[1]) - 1,
    );
    if (match[2] && pdf) {
      response
        .status(200)
        .type('application/pdf')
        .set('Content-Disposition', `inline; filename="exemple-${step}-${match[1]}.pdf"`)
        .set('Content-Security-Policy', policyHeader(PDF_POLICY))
        .set('X-Frame-Options', 'SAMEORIGIN')
        .set('Cache-Control', 'no-store')
        .send(pdf);
      return;
    }
    if (match[2] || rendered.rendered?.channel !== 'email')
      throw DomainError.notFound('campaigns.no_sample', 'cet exemple n’existe pas');
    response
      .status(200)
      .type('text/html; charset=utf-8')
      .set('Content-Security-Policy', policyHeader(WRITTEN_EMAIL_POLICY))
      .set('X-Frame-Options', 'SAMEORIGIN')
      .set('Cache-Control', 'no-store')
      .send(rendered.rendered.html);
  }

  @Post(':id/lancement')
  @ConsoleRole('marketer')
  async launch(@Param('id') id: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const campaign = await this.campaignId(id);
    try {
      await this.launcher.execute(campaign);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind === 'not_found' || error.kind === 'unavailable') throw error;
      if (error.code === 'campaigns.not_draft') return response.redirect(303, `/campagnes/${campaign}`);
      await this.show(campaign, request, response, error.message, HTTP_STATUS_BY_KIND[error.kind]);
      return;
    }
    response.redirect(303, `/campagnes/${campaign}?fait=lancement`);
  }

  @Post(':id/duplication')
  @ConsoleRole('marketer')
  async duplicate(@Param('id') id: string, @Res() response: Response) {
    const copy = await this.campaigns.duplicate(await this.campaignId(id));
    response.redirect(303, `/campagnes/${copy.id}/modifier`);
  }

  private async campaignId(id: string): Promise<string> {
    const campaign = UUID.test(id) ? await this.stored.find(id.toLowerCase()) : undefined;
    if (campaign?.kind !== 'campaign') throw DomainError.notFound('campaigns.not_found', `no campaign with id "${id}"`);
    return campaign.id;
  }

  /** The pre-flight of a draft; a launched campaign has none: its page instead. */
  private async show(
    id: string,
    request: ConsoleRequest,
    response: Response,
    error: string | null,
    status = 200,
  ): Promise<void> {
    const campaign = await this.stored.get(id);
    if (campaign.status !== 'draft') return response.redirect(303, `/campagnes/${id}`);
    const view = preflightView(await this.preflight.check(id), request.consoleSession!.user.role, new Date(), error);
    const html = this.renderer.render('campaign-preflight', `Vérification · ${campaign.name}`, view, {
      path: request.path,
      session: request.consoleSession,
    });
    sendPage(response, html, status);
  }
}
