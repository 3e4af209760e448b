import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import {
  defineNamespace,
  integerVariable,
  processConfigSource,
  textVariable,
  urlVariable,
  type ConfigSource,
} from '../config-schema';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

function dkimSettings(
  domain: string | undefined,
  selector: string | undefined,
  key: string | undefined,
  source: ConfigSource,
): DkimSettings | undefined {
  if ([domain, selector, key].some(Boolean) && ![domain, selector, key].every(Boolean)) {
    throw new ConfigError(
      'RELANCE_DKIM_PRIVATE_KEY',
      'DKIM needs RELANCE_DKIM_DOMAIN, RELANCE_DKIM_SELECTOR and RELANCE_DKIM_PRIVATE_KEY together',
    );
  }
  if (!domain || !selector || !key) return undefined;
  let privateKey = key;
  if (!key.includes('-----BEGIN')) {
    try {
      privateKey = fs.readFileSync(path.resolve(source.cwd, key), 'utf8');
    } catch {
      throw new ConfigError('RELANCE_DKIM_PRIVATE_KEY', `must be a PEM key or the path of one (cannot read "${key}")`);
    }
  }
  // An empty key file leaves messages unsigned, as an unset key does.
  return privateKey ? { domainName: domain, keySelector: selector, privateKey } : undefined;
}

const DKIM_TOGETHER = 'DKIM signing of e-mails, with the two other `RELANCE_DKIM_*` variables (the three together)';

export const mailNamespace = defineNamespace({
  name: 'mail',
  title: 'E-mail (SMTP and DKIM)',
  summary: 'See [campaigns: sending](campaigns.md#sending).',
  variables: {
    smtpUrl: urlVariable({
      env: 'SMTP_URL',
      protocols: ['smtp:', 'smtps:'],
      description: 'the relay, e.g. `smtp://user:pass@127.0.0.1:2525`',
      default: 'e-mails written as `.eml` files to `$RELANCE_HOME/outbox/`',
      secret: true,
    }),
    maxConnections: integerVariable({
      env: 'RELANCE_SMTP_MAX_CONNECTIONS',
      fallback: 5,
      min: 1,
      max: 100,
      description: 'simultaneous SMTP connections per process (the pool size)',
    }),
    rateLimit: integerVariable({
      env: 'RELANCE_SMTP_RATE',
      fallback: 0,
      min: 0,
      max: 100000,
      description: 'at most this many e-mails started per second per process (`0` = no limit)',
    }),
    perDomainConcurrency: integerVariable({
      env: 'RELANCE_SMTP_PER_DOMAIN',
      fallback: 10,
      min: 1,
      max: 1000,
      description: 'simultaneous messages to one recipient domain per process',
    }),
    dkimDomain: textVariable({
      env: 'RELANCE_DKIM_DOMAIN',
      accepts: 'domain name',
      description: `${DKIM_TOGETHER}: the signing domain`,
      default: 'not signed',
    }),
    dkimSelector: textVariable({
      env: 'RELANCE_DKIM_SELECTOR',
      accepts: 'DNS label',
      description: `${DKIM_TOGETHER}: the selector`,
      default: 'not signed',
    }),
    dkimPrivateKey: textVariable({
      env: 'RELANCE_DKIM_PRIVATE_KEY',
      accepts: 'PEM text, or the path of a PEM file',
      description: `${DKIM_TOGETHER}: the private key; the signature also covers \`List-Unsubscribe\` and \`List-Unsubscribe-Post\``,
      default: 'not signed',
      secret: true,
    }),
  },
  build: (values, source) => ({
    smtpUrl: values.smtpUrl,
    smtp: {
      maxConnections: values.maxConnections,
      rateLimit: values.rateLimit,
      perDomainConcurrency: values.perDomainConcurrency,
      dkim: dkimSettings(values.dkimDomain, values.dkimSelector, values.dkimPrivateKey, source),
    },
  }),
});

export const mailConfig = registerAs(mailNamespace.name, () => mailNamespace.load(processConfigSource()));
export type MailConfig = ConfigType<typeof mailConfig>;
