import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsentService } from './consent.service';
import { isStopMessage } from './sms-stop';
import { SuppressionService } from './suppression.service';
import { InboundSmsHandlers, type InboundSms } from './webhooks/inbound-sms';

/** A STOP reply withdraws SMS consent of every contact with that number and suppresses the number for SMS. */
@Injectable()
export class SmsStopHandler implements OnModuleInit {
  constructor(
    private readonly handlers: InboundSmsHandlers,
    private readonly consent: ConsentService,
    private readonly suppressions: SuppressionService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.handlers.register((message) => this.handle(message));
  }

  async handle(message: InboundSms): Promise<void> {
    if (!isStopMessage(message.text)) return;
    await this.dataSource.transaction(async (manager) => {
      const contacts: Array<{ id: string }> = await manager.query(`SELECT id::text AS id FROM contacts WHERE phone = $1 AND erased_at IS NULL`, [message.from]);
      for (const { id } of contacts) {
        await this.consent.withdraw(id, 'sms', 'reply_stop', { source: 'sms-stop', proof: { text: message.text, provider_id: message.providerId ?? null }, recordedBy: 'sms-webhook' }, manager);
      }
      // Even an unknown number is suppressed: it asked to stop.
      if (!contacts.length && message.from.startsWith('+')) await this.suppressions.add([{ channel: 'sms', value: message.from, reason: 'unsubscribed', source: 'sms-stop' }], manager);
    });
  }
}
