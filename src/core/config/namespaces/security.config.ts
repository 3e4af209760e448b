import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import { defineNamespace, defineVariable, processConfigSource, splitList, textVariable } from '../config-schema';

export const securityNamespace = defineNamespace({
  name: 'security',
  title: 'Keys and secrets',
  summary:
    'Start every process of an installation with the same keys (see [rotating the secret key](consent.md#rotating-the-secret-key)).',
  variables: {
    secretKey: textVariable({
      env: 'SECRET_KEY',
      accepts: 'at least 32 characters',
      description:
        'key that signs links and tokens; the database records it and refuses another one (see [rotating the secret key](consent.md#rotating-the-secret-key))',
      default: 'generated once, kept in `$RELANCE_HOME/secret.key`',
      secret: true,
      problem: (value) =>
        value.length < 32 ? 'must be at least 32 characters long (use e.g. `openssl rand -hex 32`)' : undefined,
    }),
    previousSecretKeys: defineVariable({
      env: 'RELANCE_PREVIOUS_SECRET_KEYS',
      accepts: 'keys of at least 32 characters, separated by commas',
      description:
        "former secret keys: rotates the database's record to `SECRET_KEY`, and links signed with them keep working",
      secret: true,
      parse: (raw) => {
        const keys = splitList(raw ?? '');
        if (keys.some((key) => key.length < 32)) {
          throw new ConfigError(
            'RELANCE_PREVIOUS_SECRET_KEYS',
            'must be former secret keys (each at least 32 characters long), separated by commas',
          );
        }
        return keys;
      },
    }),
    webhookSecret: textVariable({
      env: 'RELANCE_WEBHOOK_SECRET',
      accepts: 'at least 16 characters',
      description:
        'shared secret of the provider webhooks: sent in `X-Webhook-Secret` by the SMS and e-mail webhooks, and the HMAC key of `/webhooks/delivery-events` (see [webhooks](webhooks.md))',
      default: 'webhooks disabled (they answer 503)',
      secret: true,
      problem: (value) => (value.length < 16 ? 'must be at least 16 characters long' : undefined),
    }),
  },
});

export const securityConfig = registerAs(securityNamespace.name, () => securityNamespace.load(processConfigSource()));
export type SecurityConfig = ConfigType<typeof securityConfig>;
