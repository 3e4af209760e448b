import { registerAs, type ConfigType } from '@nestjs/config';
import type { CountryCode } from 'libphonenumber-js';
import { processConfigSource, type Env } from './config-schema';
import { automationsNamespace } from './namespaces/automations.config';
import { databaseNamespace } from './namespaces/database.config';
import { dispatchNamespace } from './namespaces/dispatch.config';
import { httpNamespace } from './namespaces/http.config';
import { localeNamespace } from './namespaces/locale.config';
import { loggingNamespace, type LogLevel } from './namespaces/logging.config';
import { mailNamespace, type DkimSettings } from './namespaces/mail.config';
import { pressureNamespace } from './namespaces/pressure.config';
import { privacyNamespace, type TrackingMode } from './namespaces/privacy.config';
import { responsesNamespace } from './namespaces/responses.config';
import { securityNamespace } from './namespaces/security.config';
import { senderNamespace, type ServiceSender } from './namespaces/sender.config';
import { smsNamespace, type SmsSettings } from './namespaces/sms.config';
import type { TrustProxy } from './trust-proxy';

export { ConfigError } from './config-error';
export { isValidTimeZone } from './namespaces/locale.config';
export { TRACKING_MODES, type TrackingMode } from './namespaces/privacy.config';

/**
 * The validated configuration of one relance process, built once at boot from the environment:
 * every concern's namespace (`namespaces/*.config.ts`) put together. Each variable is declared,
 * validated and documented in its namespace; docs/configuration.md is generated from them.
 */
export interface RelanceConfig {
  /** PostgreSQL URL; undefined means the embedded PGlite database under `home`. */
  databaseUrl?: string;
  home: string;
  smtpUrl?: string;
  smsUrl?: string;
  publicUrl: string;
  port: number;
  /** RELANCE_TRUST_PROXY: who may give the client's address (rate limits, consent proofs). */
  trustProxy: TrustProxy;
  /** Explicit SECRET_KEY; when unset the key is generated once and kept in `$RELANCE_HOME/secret.key`. */
  secretKey?: string;
  /** RELANCE_PREVIOUS_SECRET_KEYS: former keys, for an explicit rotation and for links signed with them. */
  previousSecretKeys: string[];
  defaultCountry: CountryCode;
  defaultCurrency: 'EUR' | 'MAD';
  defaultTimezone: string;
  logLevel: LogLevel;
  databasePoolSize: number;
  importBatchSize: number;
  /** Largest uploaded import file, in bytes. */
  importMaxBytes: number;
  /** `fr-cnil`, `ma-cndp`, or the path of a JSON policy file. */
  consentPolicy: string;
  /**
   * Individual open/click tracking (RELANCE_TRACKING): `off` never; `consent` (default) only for
   * contacts who granted the `tracking` consent; `on` for everyone who has not objected, unless
   * the consent policy requires consent for tracking (France / CNIL), where it acts as `consent`.
   */
  tracking: TrackingMode;
  /** Shared secret of the provider webhooks (inbound SMS, delivery receipts, bounces). */
  webhookSecret?: string;
  /** Delete, not only flag, prospects past the retention period. */
  retentionPurge: boolean;
  retentionYears: number;
  /** Address for `List-Unsubscribe: <mailto:…>`; when unset only the HTTPS link is given. */
  unsubscribeMailto?: string;
  smtp: { maxConnections: number; rateLimit: number; perDomainConcurrency: number; dkim?: DkimSettings };
  sms: SmsSettings;
  delivery: DeliveryConfig;
  /** Call outcomes that count as a positive response. */
  positiveCallOutcomes: string[];
  automations: AutomationsConfig;
  /** The sender of service messages (acknowledgements, double opt-in): the company itself. */
  serviceSender: ServiceSender;
}

export interface DeliveryConfig {
  /** Rows claimed per transaction. */
  batchSize: number;
  /** Messages handed to a transport at once per dispatch job: at most this many end `unknown` if the process dies. */
  inFlight: number;
  /** Dispatch jobs started per campaign step (spread over every worker process). */
  jobsPerStep: number;
  /** A claim not finished after this long is taken back. */
  leaseSeconds: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  /** Temporary failures are retried until the message is this old, then it expires (RFC 5321: 4–5 days). */
  retryGiveUpHours: number;
  /** Above this failure ratio over the last 100 attempts, a campaign pauses itself. */
  pauseErrorRate: number;
  /** Soft bounces of one address within 30 days before it is suppressed. */
  softBounceLimit: number;
  /** Marketing messages per contact per rolling 7 and 30 days, all campaigns and automations together. */
  cap7Days: number;
  cap30Days: number;
  /** SMS to persons only between these local times (HH:MM), and never on Sunday unless allowed. */
  quietHours: { start: string; end: string; sunday: boolean };
}

export interface AutomationsConfig {
  /** Occurrences missed by less than this (downtime) are still sent; older ones are skipped and counted. */
  catchUpHours: number;
  /** The scheduler tick runs in `serve` and `worker` (off: only `relance automations run`). */
  scheduler: boolean;
}

/** Reads and validates every variable, namespace by namespace; the first bad one fails with its name. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): RelanceConfig {
  const source = { env, cwd };
  return {
    ...databaseNamespace.load(source),
    ...httpNamespace.load(source),
    ...securityNamespace.load(source),
    ...localeNamespace.load(source),
    ...loggingNamespace.load(source),
    ...privacyNamespace.load(source),
    ...senderNamespace.load(source),
    ...mailNamespace.load(source),
    ...smsNamespace.load(source),
    delivery: { ...dispatchNamespace.load(source), ...pressureNamespace.load(source) },
    automations: automationsNamespace.load(source),
    ...responsesNamespace.load(source),
  };
}

/** The `relance` configuration namespace, validated when the application boots: every concern together. */
export const relanceConfig = registerAs('relance', () => {
  const { env, cwd } = processConfigSource();
  return loadConfig(env, cwd);
});
export type RelanceConfigType = ConfigType<typeof relanceConfig>;
