import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import type { EmailTransport, SmsTransport } from './channel.types';
import { FileOutboxTransport } from './email/file-outbox-transport';
import { SmtpTransport } from './email/smtp-transport';
import { HttpSmsTransport } from './sms/http-sms-transport';
import { JsonlSmsTransport } from './sms/jsonl-sms-transport';
import { emailOutboxDirectory, smsLogFile } from './outbox-files';

/**
 * The configured transports, one per process and kept open across steps (an SMTP pool is
 * expensive to rebuild): SMTP_URL or the file outbox for e-mail, SMS_URL or the JSON-lines
 * log for SMS.
 *
 * A message handed to a transport must settle well within its claim lease (past it, the sweep
 * marks it `unknown`): opening a connection may take at most a third of the lease, and so may
 * confirming that the relay refuses connections.
 */
@Injectable()
export class Transports implements OnModuleDestroy {
  private emailTransport?: EmailTransport;
  private smsTransport?: SmsTransport;

  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  email(): EmailTransport {
    this.emailTransport ??= this.config.smtpUrl
      ? new SmtpTransport({
          url: this.config.smtpUrl,
          ...this.config.smtp,
          connectionTimeoutMs: this.connectionTimeoutMs(),
          outageConfirmationMs: Math.min(3_000, this.connectionTimeoutMs()),
        })
      : new FileOutboxTransport(emailOutboxDirectory(this.config.home));
    return this.emailTransport;
  }

  sms(): SmsTransport {
    this.smsTransport ??= this.config.smsUrl
      ? new HttpSmsTransport({
          url: this.config.smsUrl,
          authHeader: this.config.sms.authHeader,
          timeoutMs: this.connectionTimeoutMs(),
        })
      : new JsonlSmsTransport(smsLogFile(this.config.home));
    return this.smsTransport;
  }

  private connectionTimeoutMs(): number {
    return Math.min(15_000, (this.config.delivery.leaseSeconds * 1000) / 3);
  }

  /**
   * Stopping: sends still waiting for a connection are given back at once (not handed over),
   * those being transmitted finish; before the queue waits for its running jobs.
   */
  async onModuleDestroy(): Promise<void> {
    await this.emailTransport?.close();
    await this.smsTransport?.close();
  }
}
