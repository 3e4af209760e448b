import * as fs from 'node:fs';
import { DomainError } from '../core/errors/domain-error';
import type { SenderData } from './engine/recipient-data';
import type { LintReport } from './lint/lint-rules';

export interface CampaignData {
  sender?: SenderData;
  data?: Record<string, unknown>;
  /** The campaign's SMS price (`costs.per_message.sms`, billed per segment) and currency. */
  smsPrice?: { perSegment: number; currency: string };
}

/** `--data campaign.json`: the sender, free data and SMS price of a campaign file (or `{"sender":…,"data":…}`). */
export function readCampaignData(file: string | undefined): CampaignData {
  if (!file) return {};
  // The sender and data go on as written (the renderer reports what they lack); the price is checked below.
  let parsed: { sender?: SenderData; data?: Record<string, unknown>; costs?: { per_message?: { sms?: unknown }; currency?: unknown } };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON (${(error as Error).message})`;
    throw DomainError.invalid('templates.invalid_data', `${file}: ${reason}`);
  }
  const sms = parsed.costs?.per_message?.sms;
  const smsPrice = typeof sms === 'number' ? { perSegment: sms, currency: typeof parsed.costs?.currency === 'string' ? parsed.costs.currency : 'MAD' } : undefined;
  return { sender: parsed.sender, data: parsed.data, smsPrice };
}

export function humanLint(report: LintReport): string {
  const line = (issue: LintReport['errors'][number], kind: string) => `  ${kind} [${issue.rule}]${issue.line ? ` line ${issue.line}:` : ''} ${issue.message}`;
  const lines = [...report.errors.map((issue) => line(issue, 'error')), ...report.warnings.map((issue) => line(issue, 'warning'))];
  return [`${report.errors.length} error(s), ${report.warnings.length} warning(s)`, ...lines].join('\n');
}

