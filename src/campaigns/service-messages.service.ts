import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { QueueService } from '../core/queue/queue.service';
import { modifyReturning } from '../core/database/query-rows';
import { generateResponseCode } from '../core/security/response-code';
import { TemplatesService } from '../templates/templates.service';
import type { CampaignDefinition, StepChannel } from './campaign-definition';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { CampaignAudienceRepository } from './campaign-audience.repository';
import { CampaignRunner } from './campaign-runner.service';
import { CampaignsRepository } from './campaigns.repository';

export interface ServiceMessage {
  contactId: string;
  /** `phone` puts a call on the service campaign's call list (a complaint's follow-up call). */
  channel: Extract<StepChannel, 'email' | 'letter' | 'sms' | 'phone'>;
  /** A library path or a stored template id. */
  template: string;
  /**
   * What this message answers (`request.*` in the template): the complaint, the sign-up. It may
   * hold what the client wrote, so it is never campaign data and never printed raw.
   */
  request: Record<string, unknown>;
  /** The same key never sends twice (an intake retried, a double opt-in asked again). */
  idempotencyKey: string;
  sender?: CampaignDefinition['sender'];
  /** Not before this instant (a call fifteen days after a complaint is closed); now when unset. */
  notBefore?: Date;
}

/**
 * Transactional messages (complaint acknowledgements, answers, double opt-in confirmations):
 * they need no marketing consent, go through the same delivery ledger and transports, and are
 * retried once with the same Message-ID if their fate is unknown. Each template has an evergreen
 * "service" campaign; each message is a delivery keyed by its idempotency key.
 */
@Injectable()
export class ServiceMessagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly audiences: CampaignAudienceRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly runner: CampaignRunner,
    private readonly templates: TemplatesService,
    private readonly queue: QueueService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  /** Call outside any transaction before `send(…, manager)`: starts the queue and checks the template. */
  async prepare(template: string): Promise<void> {
    await this.templates.resolve(template);
    await this.queue.ready();
  }

  async send(message: ServiceMessage, manager?: EntityManager): Promise<{ deliveryId: string; created: boolean }> {
    if (!manager) {
      await this.prepare(message.template);
      return this.dataSource.transaction((own) => this.send(message, own));
    }
    const step = await this.serviceStep(manager, message);
    await this.audiences.addServiceRecipient(manager, step.campaignId, message.contactId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const added = await this.deliveries
        .addServiceMessage(manager, {
          campaignId: step.campaignId,
          stepId: step.stepId,
          contactId: message.contactId,
          occurrence: message.idempotencyKey,
          channel: message.channel,
          responseCode: generateResponseCode(),
          data: JSON.stringify(message.request),
          notBefore: message.notBefore ?? null,
        })
        .catch((error: Error & { code?: string }) =>
          error.code === '23505' && attempt < 2 ? undefined : Promise.reject(error),
        );
      if (added) {
        // A later message is picked up by the sweep when it comes due.
        if (!message.notBefore || message.notBefore.getTime() <= Date.now())
          await this.runner.kick(step.stepId, 1, manager);
        return { deliveryId: added, created: true };
      }
      const existing = await this.deliveries.findOccurrence(
        manager,
        step.stepId,
        message.contactId,
        message.idempotencyKey,
      );
      if (existing) return { deliveryId: existing, created: false };
    }
    throw new Error('could not draw a unique response code');
  }

  /** The evergreen service campaign of a template, created on first use. */
  private async serviceStep(
    manager: EntityManager,
    message: ServiceMessage,
  ): Promise<{ campaignId: string; stepId: string }> {
    // One at a time per template, so two first messages do not create two campaigns.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `relance:service:${message.channel}:${message.template}`,
    ]);
    const [found]: Array<{ campaign_id: string; step_id: string } | undefined> = await manager.query(
      `SELECT c.id AS campaign_id, s.id AS step_id FROM campaigns c JOIN campaign_steps s ON s.campaign_id = c.id
       WHERE c.kind = 'service' AND s.channel = $1 AND s.template = $2 LIMIT 1`,
      [message.channel, message.template],
    );
    if (found) return { campaignId: found.campaign_id, stepId: found.step_id };
    const definition: CampaignDefinition = {
      name: `Messages de service : ${message.template}`,
      objective: 'information',
      segment: { all: [] },
      holdout_percent: 0,
      steps: [{ channel: message.channel, template: message.template, only_non_responders: false }],
      sender: message.sender ?? this.config.serviceSender,
      costs: { fixed: 0, per_message: {}, currency: this.config.defaultCurrency },
      margin_rate: null,
      attribution_days: 30,
      data: {},
      professional: false,
      soft_opt_in: false,
    };
    const campaignId = await this.campaigns.insert(definition, 'service', manager);
    await manager.query(`UPDATE campaigns SET status = 'running', launched_at = now() WHERE id = $1`, [campaignId]);
    const [step] = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE campaign_steps SET status = 'planned', planned_at = now(), due_at = now() WHERE campaign_id = $1 RETURNING id`,
      [campaignId],
    );
    return { campaignId, stepId: step.id };
  }
}
