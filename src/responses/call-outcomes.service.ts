import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { DomainError } from '../core/errors/domain-error';
import { ResponsesService } from './responses.service';

export const CALL_OUTCOMES = [
  'reached',
  'appointment',
  'callback',
  'documentation',
  'refused',
  'wrong_number',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** The outcomes after which nobody calls again (a call-back or documentation leaves the client on the list). */
const CLOSING: ReadonlySet<CallOutcome> = new Set(['reached', 'appointment', 'refused', 'wrong_number']);

/** Call outcomes from the call list; which ones count as a positive response is configuration. */
@Injectable()
export class CallOutcomesService {
  constructor(
    private readonly responses: ResponsesService,
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  async record(deliveryId: string, outcome: CallOutcome, note: string | undefined, source: string) {
    const delivery = await this.responses.findDelivery({ deliveryId });
    if (!delivery) throw DomainError.notFound('responses.unknown_delivery', `no delivery ${deliveryId}`);
    if (delivery.channel !== 'phone')
      throw DomainError.invalid(
        'responses.not_a_call',
        `delivery ${deliveryId} is a ${delivery.channel} message, not a call`,
      );
    const positive = this.config.positiveCallOutcomes.includes(outcome);
    const recorded = await this.responses.record({
      kind: 'call',
      deliveryId,
      value: outcome,
      positive,
      details: note ? { note } : {},
      source,
      dedupeKey: `call:${deliveryId}:${outcome}`,
    });
    if (!recorded.duplicate && CLOSING.has(outcome)) {
      // Closed from the API or the CLI: off the console's call list too.
      await this.dataSource.query(
        `UPDATE call_queue SET done = true, last_outcome = $2, claimed_by = NULL, claimed_until = NULL, updated_at = now()
         WHERE delivery_id = $1`,
        [deliveryId, outcome],
      );
    }
    return { delivery_id: recorded.delivery_id, campaign_id: recorded.campaign_id, outcome, positive };
  }
}
