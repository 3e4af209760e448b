import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { FileOutboxReader } from './email/file-outbox-reader';
import { JsonlSmsReader } from './sms/jsonl-sms-reader';

/** Where the file transports write: without SMTP_URL, e-mails as `.eml` files in this folder. */
export function emailOutboxDirectory(home: string): string {
  return path.join(home, 'outbox');
}

/** Without SMS_URL, SMS as JSON lines in this file. */
export function smsLogFile(home: string): string {
  return path.join(home, 'sms.jsonl');
}

/**
 * The files the configured transports write, to read back (the console's outbox): the e-mail
 * folder when there is no SMTP_URL, the SMS log when there is no SMS_URL. Paths come from the
 * configuration only.
 */
@Injectable()
export class OutboxFiles {
  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  /** E-mails or SMS go to files. */
  get inUse(): boolean {
    return !this.config.smtpUrl || !this.config.smsUrl;
  }

  emails(): FileOutboxReader | undefined {
    return this.config.smtpUrl ? undefined : new FileOutboxReader(emailOutboxDirectory(this.config.home));
  }

  sms(): JsonlSmsReader | undefined {
    return this.config.smsUrl ? undefined : new JsonlSmsReader(smsLogFile(this.config.home));
  }
}
