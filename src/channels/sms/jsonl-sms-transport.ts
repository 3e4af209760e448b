import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { OutboundSms, SendOutcome, SmsTransport } from '../channel.types';

/** Without SMS_URL: each SMS is appended as one JSON line to `$RELANCE_HOME/sms.jsonl`. */
export class JsonlSmsTransport implements SmsTransport {
  readonly name = 'sms-log';

  constructor(private readonly file: string) {}

  async send(message: OutboundSms): Promise<SendOutcome> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(
      this.file,
      JSON.stringify({
        at: new Date().toISOString(),
        reference: message.deliveryId,
        to: message.to,
        sender: message.sender ?? null,
        text: message.text,
      }) + '\n',
    );
    return { status: 'sent', providerId: `log:${message.deliveryId}` };
  }

  async close(): Promise<void> {}
}
