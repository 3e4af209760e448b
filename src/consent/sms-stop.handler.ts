import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConsentService } from './consent.service';
import { isStopMessage } from './sms-stop';
import { SuppressionService } from './suppression.service';
import { InboundSmsReceivedEvent } from './events/inbound-sms-received.event';
import type { InboundSms, InboundSmsOutcome } from './webhooks/inbound-sms';

/**
 * The message's identity in the ledger: the provider's message id, else (no id given) its sender,
 * text and reception time. A provider retrying the webhook then records the withdrawal once.
 */
function stopKey(contactId: string, message: InboundSms): string {
  const identity = message.providerId
    ? `id:${message.providerId}`
    : createHash('sha256')
        .update([message.from, message.text, message.receivedAt.toISOString()].join('\u0000'))
        .digest('base64url')
        .slice(0, 32);
  return `sms-stop:${contactId}:${identity}`;
}

/** A STOP reply withdraws SMS consent of every contact with that number and suppresses the number for SMS. */
@Injectable()
export class SmsStopHandler {
  constructor(
    private readonly consent: ConsentService,
    private readonly suppressions: SuppressionService,
    private readonly dataSource: DataSource,
  ) {}

  @OnEvent(InboundSmsReceivedEvent.event, { suppressErrors: false })
  onInboundSms({ message }: InboundSmsReceivedEvent): Promise<InboundSmsOutcome | void> {
    return this.handle(message);
  }

  async handle(message: InboundSms): Promise<InboundSmsOutcome | void> {
    if (!isStopMessage(message.text)) return;
    return this.dataSource.transaction(async (manager) => {
      const contacts: Array<{ id: string }> = await manager.query(
        `SELECT id::text AS id FROM contacts WHERE phone = $1 AND erased_at IS NULL`,
        [message.from],
      );
      let recorded = 0;
      for (const { id } of contacts) {
        const proof = { text: message.text, provider_id: message.providerId ?? null };
        if (
          await this.consent.withdraw(
            id,
            'sms',
            'reply_stop',
            { source: 'sms-stop', proof, recordedBy: 'sms-webhook', dedupeKey: stopKey(id, message) },
            manager,
          )
        )
          recorded++;
      }
      if (contacts.length) return { duplicate: recorded === 0 };
      // Even an unknown number is suppressed (idempotent: no ledger entry to duplicate): it asked to stop.
      if (message.from.startsWith('+'))
        await this.suppressions.add(
          [{ channel: 'sms', value: message.from, reason: 'unsubscribed', source: 'sms-stop' }],
          manager,
        );
    });
  }
}
