import { registerAs, type ConfigType } from '@nestjs/config';
import { defineNamespace, defineVariable, processConfigSource, splitList } from '../config-schema';

export const responsesNamespace = defineNamespace({
  name: 'responses',
  title: 'Responses',
  summary: 'See [responses and tracking](tracking.md).',
  variables: {
    positiveCallOutcomes: defineVariable({
      env: 'RELANCE_POSITIVE_CALL_OUTCOMES',
      accepts:
        'call outcomes separated by commas: `reached`, `appointment`, `callback`, `documentation`, `refused`, `wrong_number`',
      description: 'the call outcomes that count as a positive response',
      default: '`appointment`',
      parse: (raw) => splitList(raw ?? 'appointment'),
    }),
  },
});

export const responsesConfig = registerAs(responsesNamespace.name, () =>
  responsesNamespace.load(processConfigSource()),
);
export type ResponsesConfig = ConfigType<typeof responsesConfig>;
