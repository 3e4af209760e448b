import { registerAs, type ConfigType } from '@nestjs/config';
import { booleanVariable, defineNamespace, integerVariable, processConfigSource } from '../config-schema';

export const automationsNamespace = defineNamespace({
  name: 'automations',
  title: 'Automations',
  summary: 'See [automations](automations.md).',
  variables: {
    catchUpHours: integerVariable({
      env: 'RELANCE_CATCH_UP_HOURS',
      fallback: 48,
      min: 0,
      max: 24 * 30,
      description:
        'after downtime, automation occurrences missed by less than this are still sent; older ones are skipped and counted',
    }),
    scheduler: booleanVariable({
      env: 'RELANCE_SCHEDULER',
      fallback: true,
      description:
        '`false` stops the automations tick in this `serve`/`worker` (replays with `relance automations run` still work)',
    }),
  },
});

export const automationsConfig = registerAs(automationsNamespace.name, () =>
  automationsNamespace.load(processConfigSource()),
);
export type AutomationsConfig = ConfigType<typeof automationsConfig>;
