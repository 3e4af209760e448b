import { registerAs, type ConfigType } from '@nestjs/config';
import { DEFAULT_SMS_STATUS_MAP, parseStatusMap, type StatusMap } from '../sms-status-map';
import { ConfigError } from '../config-error';
import { defineNamespace, defineVariable, processConfigSource, textVariable, urlVariable } from '../config-schema';

/** `statusMap`: the SMS provider's receipt words (lower case) → our delivery event types. */
export type SmsSettings = { authHeader?: string; sender?: string; stopNumber?: string; statusMap: StatusMap };

export const smsNamespace = defineNamespace({
  name: 'sms',
  title: 'SMS',
  summary:
    'See [campaigns: sending](campaigns.md#sending) and [SMS delivery receipts](webhooks.md#sms-delivery-receipts).',
  variables: {
    smsUrl: urlVariable({
      env: 'SMS_URL',
      protocols: ['http:', 'https:'],
      description: 'HTTP endpoint of the SMS provider (generic JSON provider)',
      default: 'SMS appended as JSON lines to `$RELANCE_HOME/sms.jsonl`',
    }),
    authHeader: textVariable({
      env: 'SMS_AUTH_HEADER',
      accepts: '`Name: value`',
      description: 'header sent with each request to `SMS_URL`, e.g. `Authorization: Bearer <token>`',
      secret: true,
      problem: (value) =>
        /^[A-Za-z0-9-]+:\s*\S/.test(value) ? undefined : 'must look like "Authorization: Bearer <token>"',
    }),
    sender: textVariable({
      env: 'SMS_SENDER',
      description: 'sender id passed to the SMS provider (`sender` in the JSON request)',
    }),
    stopNumber: textVariable({
      env: 'SMS_STOP_NUMBER',
      accepts: 'phone number',
      description:
        "number in the `STOP au …` line of marketing SMS when the campaign's `sender.sms_stop_number` is not set",
      default: "`36180` (the SMS template's default)",
    }),
    statusMap: defineVariable<StatusMap>({
      env: 'RELANCE_SMS_STATUS_MAP',
      accepts: '`STATUS=event` pairs separated by commas',
      description:
        'extra SMS receipt statuses, e.g. `DELIVRD=delivered,UNDELIV=failed` (see [SMS delivery receipts](webhooks.md#sms-delivery-receipts))',
      default: 'the usual SMPP words',
      parse: (raw) => {
        const statusMap = parseStatusMap(raw ?? '');
        if (typeof statusMap === 'string') throw new ConfigError('RELANCE_SMS_STATUS_MAP', statusMap);
        return { ...DEFAULT_SMS_STATUS_MAP, ...statusMap };
      },
    }),
  },
  build: ({ smsUrl, ...sms }): { smsUrl?: string; sms: SmsSettings } => ({ smsUrl, sms }),
});

export const smsConfig = registerAs(smsNamespace.name, () => smsNamespace.load(processConfigSource()));
export type SmsConfig = ConfigType<typeof smsConfig>;
