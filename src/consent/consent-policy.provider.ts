import * as fs from 'node:fs';
import type { Provider } from '@nestjs/common';
import { ConfigError, relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { BUILT_IN_POLICIES, CONSENT_POLICY, validatePolicy, type ConsentPolicy } from './consent-policy';

/** The active policy: a built-in profile by name, or a JSON file, validated at boot. */
export function loadConsentPolicy(setting: string): ConsentPolicy {
  const builtIn = BUILT_IN_POLICIES[setting];
  if (builtIn) return builtIn;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(setting, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      'RELANCE_CONSENT_POLICY',
      `is neither ${Object.keys(BUILT_IN_POLICIES).join(' nor ')} nor a readable JSON file (${(error as Error).message})`,
    );
  }
  const problems = validatePolicy(parsed);
  if (problems.length) throw new ConfigError('RELANCE_CONSENT_POLICY', `${setting}: ${problems.join('; ')}`);
  return parsed as ConsentPolicy;
}

export const consentPolicyProvider: Provider = {
  provide: CONSENT_POLICY,
  inject: [relanceConfig.KEY],
  useFactory: (config: RelanceConfigType) => loadConsentPolicy(config.consentPolicy),
};
