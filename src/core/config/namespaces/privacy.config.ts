import { registerAs, type ConfigType } from '@nestjs/config';
import { ConfigError } from '../config-error';
import {
  booleanVariable,
  defineNamespace,
  defineVariable,
  EMAIL_ADDRESS,
  integerVariable,
  processConfigSource,
  textVariable,
} from '../config-schema';
import { countryVariable } from './locale.config';

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

export const privacyNamespace = defineNamespace({
  name: 'privacy',
  title: 'Consent, tracking and retention',
  summary: 'See [consent and personal data](consent.md) and [responses and tracking](tracking.md).',
  variables: {
    consentPolicy: defineVariable({
      env: 'RELANCE_CONSENT_POLICY',
      accepts: '`fr-cnil`, `ma-cndp`, or the path of a JSON policy file',
      description: 'consent policy, checked at start-up (see [consent policies](consent.md#consent-policies))',
      default: '`ma-cndp` when the country is `MA`, else `fr-cnil`',
      // Checked by the consent module when it loads the policy (a file needs reading and validating).
      parse: (raw, source) => raw ?? (countryVariable.read(source) === 'MA' ? 'ma-cndp' : 'fr-cnil'),
    }),
    tracking: defineVariable({
      env: 'RELANCE_TRACKING',
      accepts: '`off`, `consent` or `on`',
      description:
        'e-mail open/click tracking: `off` never; `consent` only for contacts who granted the `tracking` consent; `on` for everyone who has not objected, unless the consent policy requires consent for tracking, where it acts as `consent` (see [tracking consent](tracking.md#tracking-consent))',
      default: '`consent`',
      parse: parseTrackingMode,
    }),
    retentionYears: integerVariable({
      env: 'RELANCE_RETENTION_YEARS',
      fallback: 3,
      min: 1,
      max: 50,
      description: 'prospects with no contact coming from them for this many years are flagged',
    }),
    retentionPurge: booleanVariable({
      env: 'RELANCE_RETENTION_PURGE',
      fallback: false,
      description: '`true`: the nightly retention job erases the flagged prospects instead of only flagging them',
    }),
    unsubscribeMailto: textVariable({
      env: 'RELANCE_UNSUBSCRIBE_MAILTO',
      accepts: 'e-mail address',
      description: 'address added as `<mailto:…>` to `List-Unsubscribe`; relance does not read this mailbox',
      default: 'HTTPS link only',
      problem: (value) => (EMAIL_ADDRESS.test(value) ? undefined : `must be an e-mail address (got "${value}")`),
    }),
  },
});

export const privacyConfig = registerAs(privacyNamespace.name, () => privacyNamespace.load(processConfigSource()));
export type PrivacyConfig = ConfigType<typeof privacyConfig>;
