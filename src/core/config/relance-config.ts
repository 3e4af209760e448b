import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerAs, type ConfigType } from '@nestjs/config';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { DEFAULT_SMS_STATUS_MAP, parseStatusMap, type StatusMap } from '../../channels/events/delivery-event-payload';
import { DomainError } from '../errors/domain-error';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** The validated configuration of one relance process. Built once at boot from the environment. */
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
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  databasePoolSize: number;
  importBatchSize: number;
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
  smtp: { maxConnections: number; rateLimit: number; perDomainConcurrency: number; dkim?: { domainName: string; keySelector: string; privateKey: string } };
  /** `statusMap`: the SMS provider's receipt words (lower case) → our delivery event types. */
  sms: { authHeader?: string; sender?: string; stopNumber?: string; statusMap: StatusMap };
  delivery: DeliveryConfig;
  /** Call outcomes that count as a positive response. */
  positiveCallOutcomes: string[];
  automations: AutomationsConfig;
  /** The sender of service messages (acknowledgements, double opt-in): the company itself. */
  serviceSender: { name: string; email?: string; postal_address?: string; place?: string; signatory_name?: string; signatory_title?: string; country: string };
}

export const TRACKING_MODES = ['off', 'consent', 'on'] as const;
export type TrackingMode = (typeof TRACKING_MODES)[number];

function parseTrackingMode(value: string | undefined): TrackingMode {
  if (value === undefined) return 'consent';
  const lower = value.toLowerCase();
  if ((TRACKING_MODES as readonly string[]).includes(lower)) return lower as TrackingMode;
  if (['1', 'true', 'yes'].includes(lower)) return 'on';
  if (['0', 'false', 'no'].includes(lower)) return 'off';
  throw new ConfigError('RELANCE_TRACKING', `must be off, consent or on (got "${value}")`);
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

export class ConfigError extends DomainError {
  constructor(readonly variable: string, reason: string) {
    super('config.invalid', 'invalid', `invalid configuration: ${variable} ${reason}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function parseUrl(name: string, value: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols.join(' or ')}…)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(' or ')} (got "${url.protocol}")`);
  }
  return url;
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be an integer between ${min} and ${max} (got "${value}")`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${parsed})`);
  return parsed;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(lower)) return true;
  if (['0', 'false', 'off', 'no'].includes(lower)) return false;
  throw new ConfigError(name, `must be on or off (got "${value}")`);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates every variable; the first bad one fails with its name. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): RelanceConfig {
  const databaseUrl = read(env, 'DATABASE_URL');
  if (databaseUrl) parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);

  const home = path.resolve(cwd, read(env, 'RELANCE_HOME') ?? 'var');

  const smtpUrl = read(env, 'SMTP_URL');
  if (smtpUrl) parseUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);

  const smsUrl = read(env, 'SMS_URL');
  if (smsUrl) parseUrl('SMS_URL', smsUrl, ['http:', 'https:']);

  const port = parseInteger('PORT', read(env, 'PORT'), 3000, 1, 65535);

  const publicUrlRaw = read(env, 'PUBLIC_URL') ?? `http://localhost:${port}`;
  const publicUrl = parseUrl('PUBLIC_URL', publicUrlRaw, ['http:', 'https:']).toString().replace(/\/$/, '');

  const trustProxy = parseTrustProxy(read(env, 'RELANCE_TRUST_PROXY'));
  if (trustProxy !== false && typeof trustProxy === 'object' && 'problem' in trustProxy) throw new ConfigError('RELANCE_TRUST_PROXY', trustProxy.problem);

  const secretKey = read(env, 'SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY', 'must be at least 32 characters long (use e.g. `openssl rand -hex 32`)');
  }
  const previousSecretKeys = (read(env, 'RELANCE_PREVIOUS_SECRET_KEYS') ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  if (previousSecretKeys.some((key) => key.length < 32)) {
    throw new ConfigError('RELANCE_PREVIOUS_SECRET_KEYS', 'must be former secret keys (each at least 32 characters long), separated by commas');
  }

  const country = (read(env, 'RELANCE_DEFAULT_COUNTRY') ?? 'FR').toUpperCase();
  if (!isSupportedCountry(country)) {
    throw new ConfigError('RELANCE_DEFAULT_COUNTRY', `must be an ISO 3166-1 alpha-2 country code (got "${country}")`);
  }

  const currency = (read(env, 'RELANCE_DEFAULT_CURRENCY') ?? (country === 'MA' ? 'MAD' : 'EUR')).toUpperCase();
  if (currency !== 'EUR' && currency !== 'MAD') {
    throw new ConfigError('RELANCE_DEFAULT_CURRENCY', `must be EUR or MAD (got "${currency}")`);
  }

  const defaultTimezone = read(env, 'RELANCE_TIMEZONE') ?? (country === 'MA' ? 'Africa/Casablanca' : 'Europe/Paris');
  if (!isValidTimeZone(defaultTimezone)) {
    throw new ConfigError('RELANCE_TIMEZONE', `must be an IANA time zone such as Europe/Paris (got "${defaultTimezone}")`);
  }

  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }

  const consentPolicy = read(env, 'RELANCE_CONSENT_POLICY') ?? (country === 'MA' ? 'ma-cndp' : 'fr-cnil');
  const webhookSecret = read(env, 'RELANCE_WEBHOOK_SECRET');
  if (webhookSecret !== undefined && webhookSecret.length < 16) throw new ConfigError('RELANCE_WEBHOOK_SECRET', 'must be at least 16 characters long');
  const unsubscribeMailto = read(env, 'RELANCE_UNSUBSCRIBE_MAILTO');
  if (unsubscribeMailto !== undefined && !/^[^@\s<>,]+@[^@\s<>,]+\.[a-z]{2,}$/i.test(unsubscribeMailto)) {
    throw new ConfigError('RELANCE_UNSUBSCRIBE_MAILTO', `must be an e-mail address (got "${unsubscribeMailto}")`);
  }

  const dkimDomain = read(env, 'RELANCE_DKIM_DOMAIN');
  const dkimSelector = read(env, 'RELANCE_DKIM_SELECTOR');
  const dkimKey = read(env, 'RELANCE_DKIM_PRIVATE_KEY');
  if ([dkimDomain, dkimSelector, dkimKey].some(Boolean) && ![dkimDomain, dkimSelector, dkimKey].every(Boolean)) {
    throw new ConfigError('RELANCE_DKIM_PRIVATE_KEY', 'DKIM needs RELANCE_DKIM_DOMAIN, RELANCE_DKIM_SELECTOR and RELANCE_DKIM_PRIVATE_KEY together');
  }
  let dkimPrivateKey = dkimKey;
  if (dkimKey && !dkimKey.includes('-----BEGIN')) {
    try {
      dkimPrivateKey = fs.readFileSync(path.resolve(cwd, dkimKey), 'utf8');
    } catch {
      throw new ConfigError('RELANCE_DKIM_PRIVATE_KEY', `must be a PEM key or the path of one (cannot read "${dkimKey}")`);
    }
  }
  const smsAuthHeader = read(env, 'SMS_AUTH_HEADER');
  if (smsAuthHeader && !/^[A-Za-z0-9-]+:\s*\S/.test(smsAuthHeader)) throw new ConfigError('SMS_AUTH_HEADER', 'must look like "Authorization: Bearer <token>"');
  const statusMap = parseStatusMap(read(env, 'RELANCE_SMS_STATUS_MAP') ?? '');
  if (typeof statusMap === 'string') throw new ConfigError('RELANCE_SMS_STATUS_MAP', statusMap);
  const errorRate = Number(read(env, 'RELANCE_PAUSE_ERROR_RATE') ?? '0.2');
  if (!(errorRate > 0 && errorRate <= 1)) throw new ConfigError('RELANCE_PAUSE_ERROR_RATE', 'must be a number between 0 and 1');

  return {
    databaseUrl,
    home,
    smtpUrl,
    smsUrl,
    publicUrl,
    port,
    trustProxy,
    secretKey,
    previousSecretKeys,
    defaultCountry: country,
    defaultCurrency: currency,
    defaultTimezone,
    logLevel: logLevel as RelanceConfig['logLevel'],
    databasePoolSize: parseInteger('DATABASE_POOL_SIZE', read(env, 'DATABASE_POOL_SIZE'), 10, 2, 200),
    importBatchSize: parseInteger('RELANCE_IMPORT_BATCH_SIZE', read(env, 'RELANCE_IMPORT_BATCH_SIZE'), 10000, 100, 100000),
    consentPolicy,
    tracking: parseTrackingMode(read(env, 'RELANCE_TRACKING')),
    webhookSecret,
    retentionPurge: parseBoolean('RELANCE_RETENTION_PURGE', read(env, 'RELANCE_RETENTION_PURGE'), false),
    retentionYears: parseInteger('RELANCE_RETENTION_YEARS', read(env, 'RELANCE_RETENTION_YEARS'), 3, 1, 50),
    unsubscribeMailto,
    smtp: {
      maxConnections: parseInteger('RELANCE_SMTP_MAX_CONNECTIONS', read(env, 'RELANCE_SMTP_MAX_CONNECTIONS'), 5, 1, 100),
      rateLimit: parseInteger('RELANCE_SMTP_RATE', read(env, 'RELANCE_SMTP_RATE'), 0, 0, 100000),
      perDomainConcurrency: parseInteger('RELANCE_SMTP_PER_DOMAIN', read(env, 'RELANCE_SMTP_PER_DOMAIN'), 10, 1, 1000),
      dkim: dkimDomain && dkimSelector && dkimPrivateKey ? { domainName: dkimDomain, keySelector: dkimSelector, privateKey: dkimPrivateKey } : undefined,
    },
    sms: { authHeader: smsAuthHeader, sender: read(env, 'SMS_SENDER'), stopNumber: read(env, 'SMS_STOP_NUMBER'), statusMap: { ...DEFAULT_SMS_STATUS_MAP, ...statusMap } },
    serviceSender: {
      name: read(env, 'RELANCE_SENDER_NAME') ?? 'Service clients',
      email: read(env, 'RELANCE_SENDER_EMAIL'),
      postal_address: read(env, 'RELANCE_SENDER_ADDRESS')?.replace(/\\n/g, '\n'),
      place: read(env, 'RELANCE_SENDER_PLACE'),
      signatory_name: read(env, 'RELANCE_SENDER_SIGNATORY_NAME'),
      signatory_title: read(env, 'RELANCE_SENDER_SIGNATORY_TITLE'),
      country,
    },
    positiveCallOutcomes: (read(env, 'RELANCE_POSITIVE_CALL_OUTCOMES') ?? 'appointment').split(',').map((o) => o.trim()).filter(Boolean),
    delivery: {
      batchSize: parseInteger('RELANCE_DISPATCH_BATCH', read(env, 'RELANCE_DISPATCH_BATCH'), 500, 1, 100000),
      inFlight: parseInteger('RELANCE_DISPATCH_IN_FLIGHT', read(env, 'RELANCE_DISPATCH_IN_FLIGHT'), 50, 1, 10000),
      jobsPerStep: parseInteger('RELANCE_DISPATCH_JOBS', read(env, 'RELANCE_DISPATCH_JOBS'), 2, 1, 100),
      leaseSeconds: parseInteger('RELANCE_CLAIM_LEASE_SECONDS', read(env, 'RELANCE_CLAIM_LEASE_SECONDS'), 60, 2, 3600),
      retryBaseSeconds: parseInteger('RELANCE_RETRY_BASE_SECONDS', read(env, 'RELANCE_RETRY_BASE_SECONDS'), 300, 1, 86400),
      retryMaxSeconds: parseInteger('RELANCE_RETRY_MAX_SECONDS', read(env, 'RELANCE_RETRY_MAX_SECONDS'), 4 * 3600, 1, 7 * 86400),
      retryGiveUpHours: parseInteger('RELANCE_RETRY_GIVE_UP_HOURS', read(env, 'RELANCE_RETRY_GIVE_UP_HOURS'), 96, 1, 720),
      pauseErrorRate: errorRate,
      softBounceLimit: parseInteger('RELANCE_SOFT_BOUNCE_LIMIT', read(env, 'RELANCE_SOFT_BOUNCE_LIMIT'), 3, 1, 100),
      cap7Days: parseInteger('RELANCE_CAP_7_DAYS', read(env, 'RELANCE_CAP_7_DAYS'), 3, 0, 1000),
      cap30Days: parseInteger('RELANCE_CAP_30_DAYS', read(env, 'RELANCE_CAP_30_DAYS'), 8, 0, 1000),
      quietHours: parseQuietHours(read(env, 'RELANCE_QUIET_HOURS') ?? '09:00-20:00', read(env, 'RELANCE_SMS_ON_SUNDAY')),
    },
    automations: {
      catchUpHours: parseInteger('RELANCE_CATCH_UP_HOURS', read(env, 'RELANCE_CATCH_UP_HOURS'), 48, 0, 24 * 30),
      scheduler: parseBoolean('RELANCE_SCHEDULER', read(env, 'RELANCE_SCHEDULER'), true),
    },
  };
}

function parseQuietHours(value: string, sunday: string | undefined): DeliveryConfig['quietHours'] {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(value.trim());
  if (!match || `${match[1]}:${match[2]}` >= `${match[3]}:${match[4]}`) {
    throw new ConfigError('RELANCE_QUIET_HOURS', `must be the sending hours as HH:MM-HH:MM, start before end, such as 09:00-20:00 (got "${value}")`);
  }
  return { start: `${match[1]}:${match[2]}`, end: `${match[3]}:${match[4]}`, sunday: parseBoolean('RELANCE_SMS_ON_SUNDAY', sunday, false) };
}

/** The `relance` configuration namespace, validated when the application boots. */
export const relanceConfig = registerAs('relance', () => loadConfig(process.env));
export type RelanceConfigType = ConfigType<typeof relanceConfig>;
