import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import type { EmailTransport, SmsTransport } from './channel.types';
import { FileOutboxTransport } from './email/file-outbox-transport';
import { SmtpTransport } from './email/smtp-transport';
import { HttpSmsTransport } from './sms/http-sms-transport';
import { JsonlSmsTransport } from './sms/jsonl-sms-transport';

/**
 * The configured transports, one per process and kept open across steps (an SMTP pool is
 * expensive to rebuild): SMTP_URL or the file outbox for e-mail, SMS_URL or the JSON-lines
 * log for SMS.
 */
@Injectable()
export class Transports implements OnApplicationShutdown {
  private emailTransport?: EmailTransport;
  private smsTransport?: SmsTransport;

  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  email(): EmailTransport {
    this.emailTransport ??= this.config.smtpUrl
      ? new SmtpTransport({ url: this.config.smtpUrl, ...this.config.smtp })
      : new FileOutboxTransport(path.join(this.config.home, 'outbox'));
    return this.emailTransport;
  }

  sms(): SmsTransport {
    this.smsTransport ??= this.config.smsUrl
      ? new HttpSmsTransport({ url: this.config.smsUrl, authHeader: this.config.sms.authHeader })
      : new JsonlSmsTransport(path.join(this.config.home, 'sms.jsonl'));
    return this.smsTransport;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emailTransport?.close();
    await this.smsTransport?.close();
  }
}
