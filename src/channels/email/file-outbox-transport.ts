import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { EmailTransport, OutboundEmail, SendOutcome } from '../channel.types';

/** Without SMTP_URL: every e-mail is written as a `.eml` file under `$RELANCE_HOME/outbox/`, ready to open in a mail client. */
export class FileOutboxTransport implements EmailTransport {
  readonly name = 'outbox';
  private readonly created = new Set<string>();

  constructor(private readonly directory: string) {}

  async send(message: OutboundEmail): Promise<SendOutcome> {
    if (!this.created.has(this.directory)) {
      await fs.mkdir(this.directory, { recursive: true });
      this.created.add(this.directory);
    }
    const file = path.join(this.directory, `${message.deliveryId}.eml`);
    // Write then rename: a crash never leaves a half-written message that looks sent.
    await fs.writeFile(`${file}.tmp`, message.raw);
    await fs.rename(`${file}.tmp`, file);
    return { status: 'sent', providerId: `file:${path.basename(file)}` };
  }

  async close(): Promise<void> {}
}
