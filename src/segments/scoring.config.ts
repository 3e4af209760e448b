import { registerAs, type ConfigType } from '@nestjs/config';
import { loadScoringSettings } from './scoring-settings';

/** The `scoring` configuration namespace (RELANCE_RFM_*, RELANCE_VALUE_TIER_*, RELANCE_LIFECYCLE_*, RELANCE_SILENT_*), validated at boot. */
export const scoringConfig = registerAs('scoring', () => loadScoringSettings(process.env));
export type ScoringConfigType = ConfigType<typeof scoringConfig>;
