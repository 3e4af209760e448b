import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import {
  booleanVariable,
  defineNamespace,
  defineVariable,
  integerVariable,
  processConfigSource,
} from '../config-schema';

const QUIET_HOURS = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

export const pressureNamespace = defineNamespace({
  name: 'pressure',
  title: 'Marketing pressure: frequency cap and SMS hours',
  summary: 'Service messages are exempt. See [automations: pressure](automations.md#pressure).',
  variables: {
    cap7Days: integerVariable({
      env: 'RELANCE_CAP_7_DAYS',
      fallback: 3,
      min: 0,
      max: 1000,
      description:
        'marketing messages per contact per rolling 7 days, campaigns and automations together (`0` = no cap)',
    }),
    cap30Days: integerVariable({
      env: 'RELANCE_CAP_30_DAYS',
      fallback: 8,
      min: 0,
      max: 1000,
      description:
        'marketing messages per contact per rolling 30 days, campaigns and automations together (`0` = no cap)',
    }),
    quietHours: defineVariable({
      env: 'RELANCE_QUIET_HOURS',
      accepts: '`HH:MM-HH:MM`, start before end',
      description:
        "marketing SMS to persons only between these local hours (the contact's time zone); held messages are postponed",
      default: '`09:00-20:00`',
      parse: (raw) => {
        const value = raw ?? '09:00-20:00';
        const match = QUIET_HOURS.exec(value.trim());
        if (!match || `${match[1]}:${match[2]}` >= `${match[3]}:${match[4]}`) {
          throw new ConfigError(
            'RELANCE_QUIET_HOURS',
            `must be the sending hours as HH:MM-HH:MM, start before end, such as 09:00-20:00 (got "${value}")`,
          );
        }
        return { start: `${match[1]}:${match[2]}`, end: `${match[3]}:${match[4]}` };
      },
    }),
    sunday: booleanVariable({
      env: 'RELANCE_SMS_ON_SUNDAY',
      fallback: false,
      description: 'marketing SMS on Sunday too (within the hours above)',
    }),
  },
  build: ({ quietHours, sunday, ...caps }) => ({ ...caps, quietHours: { ...quietHours, sunday } }),
});

export const pressureConfig = registerAs(pressureNamespace.name, () => pressureNamespace.load(processConfigSource()));
export type PressureConfig = ConfigType<typeof pressureConfig>;
