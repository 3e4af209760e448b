import { registerAs, type ConfigType } from '@nestjs/config';
import { defineNamespace, defineVariable, processConfigSource, textVariable } from '../config-schema';
import { countryVariable } from './locale.config';

/** The sender of service messages (acknowledgements, double opt-in): the company itself. A type literal, not an interface, so it stays assignable to index-signature types. */
export type ServiceSender = {
  name: string;
  email?: string;
  postal_address?: string;
  place?: string;
  signatory_name?: string;
  signatory_title?: string;
  country: string;
};

export const senderNamespace = defineNamespace({
  name: 'sender',
  title: 'The company as sender of service messages',
  summary:
    'Double opt-in confirmations, complaint acknowledgements and answers are sent in the name of the company. Sign-ups need `RELANCE_SENDER_EMAIL`, `RELANCE_SENDER_ADDRESS` and `RELANCE_SENDER_SIGNATORY_NAME` (without them they answer 503 naming what to set).',
  variables: {
    name: defineVariable({
      env: 'RELANCE_SENDER_NAME',
      accepts: 'text',
      description: 'the company name signing service messages',
      default: '`Service clients`',
      parse: (raw) => raw ?? 'Service clients',
    }),
    email: textVariable({
      env: 'RELANCE_SENDER_EMAIL',
      accepts: 'e-mail address',
      description: 'the address service e-mails come from',
    }),
    postal_address: defineVariable({
      env: 'RELANCE_SENDER_ADDRESS',
      accepts: 'text; `\\n` starts a new line',
      description: 'the postal address printed on service messages and letters',
      parse: (raw) => raw?.replace(/\\n/g, '\n'),
    }),
    place: textVariable({
      env: 'RELANCE_SENDER_PLACE',
      description: 'the place printed before the date of letters and answers',
    }),
    signatory_name: textVariable({
      env: 'RELANCE_SENDER_SIGNATORY_NAME',
      description: 'who signs service letters and answers',
    }),
    signatory_title: textVariable({ env: 'RELANCE_SENDER_SIGNATORY_TITLE', description: "the signatory's title" }),
  },
  build: (values, source) => ({ serviceSender: { ...values, country: countryVariable.read(source) } }),
});

export const senderConfig = registerAs(senderNamespace.name, () => senderNamespace.load(processConfigSource()));
export type SenderConfig = ConfigType<typeof senderConfig>;
