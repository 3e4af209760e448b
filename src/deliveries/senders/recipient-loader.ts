import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  CONTACT_COLUMNS,
  PURCHASES_24M,
  toContactForTemplate,
  type ContactForTemplate,
} from '../../templates/template-data.service';
import { TemplateRenderService } from '../../templates/template-render.service';
import { UnsubscribeLinks } from '../../consent/unsubscribe/unsubscribe-links';
import type { StepContext } from '../channel-sender';
import type { ClaimedDelivery } from '../deliveries.repository';

export interface Recipient {
  delivery: ClaimedDelivery;
  contact: ContactForTemplate['contact'];
  data: Record<string, unknown>;
}

/** Loads the contacts of a batch of deliveries in one query and builds their merge data. */
@Injectable()
export class RecipientLoader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly renderer: TemplateRenderService,
    private readonly unsubscribe: UnsubscribeLinks,
  ) {}

  async load(
    step: StepContext,
    deliveries: ClaimedDelivery[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Recipient[]> {
    if (!deliveries.length) return [];
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT c.id::text AS contact_id, ${CONTACT_COLUMNS}, s.count_24m, s.total_24m, s.currency, s.last_at
       FROM contacts c ${PURCHASES_24M}
       WHERE c.id = ANY($1::bigint[])`,
      [deliveries.map((d) => d.contactId), new Date().toISOString()],
    );
    const byId = new Map(
      rows.map((row) => {
        const { contact_id, ...rest } = row;
        return [contact_id as string, toContactForTemplate(rest)];
      }),
    );
    const today = this.renderer.today();
    // A delivery's own data: a service message's request (what the client wrote: `request.*`), or
    // what an automation's trigger adds to its campaign data (an event's may hold a client's
    // words). Neither is the operator's, so neither is ever printed raw.
    const service = step.purpose === 'service';
    return deliveries.flatMap((delivery) => {
      const found = byId.get(delivery.contactId);
      if (!found) return [];
      const data = this.renderer.recipientData(found.contact, {
        sender: step.sender,
        campaign: { id: step.campaignId, name: step.campaignName, objective: step.objective, data: step.data },
        request: service ? (delivery.data ?? {}) : undefined,
        trigger: service ? undefined : (delivery.data ?? undefined),
        purchases: found.purchases,
        responseCode: delivery.responseCode,
        unsubscribeUrl:
          step.purpose === 'marketing'
            ? this.unsubscribe.url({ contactId: delivery.contactId, deliveryId: delivery.id })
            : undefined,
        today,
      });
      return [{ delivery, contact: found.contact, data }];
    });
  }
}
