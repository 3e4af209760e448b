import { ConfigError } from '../core/config/relance-config';

/**
 * The thresholds of the scoring job (RFM, value tiers, lifecycle stages, silent clients), from
 * the environment, validated at boot. README "Segments" documents each one.
 */
export interface ScoringSettings {
  /** RFM and value tiers look at purchases of the last N months. */
  rfmWindowMonths: number;
  /** Value tiers: `top` clients make this cumulative share of revenue (%), `core` up to `coreRevenuePercent`. */
  topRevenuePercent: number;
  coreRevenuePercent: number;
  /** Acquisition: a prospect, or a first purchase at most this many days ago. */
  acquisitionDays: number;
  /** Development compares the last N days with the N days before (orders, average basket). */
  trendDays: number;
  /** Development: the average basket grew by at least this share (%). */
  basketGrowthPercent: number;
  /** Decline: days since the last order above factor × the client's usual interval, and above the minimum. */
  declineFactor: number;
  declineMinDays: number;
  /** Silent: at least N orders, days since the last above factor × the median interval, and above the minimum. */
  silentMinOrders: number;
  silentFactor: number;
  silentMinDays: number;
}

export const DEFAULT_SCORING_SETTINGS: ScoringSettings = {
  rfmWindowMonths: 24,
  topRevenuePercent: 80,
  coreRevenuePercent: 95,
  acquisitionDays: 90,
  trendDays: 180,
  basketGrowthPercent: 20,
  declineFactor: 2,
  declineMinDays: 60,
  silentMinOrders: 3,
  silentFactor: 2,
  silentMinDays: 60,
};

/** Setting → environment variable, with bounds. */
export const SCORING_VARIABLES: Record<
  keyof ScoringSettings,
  { name: string; min: number; max: number; integer: boolean }
> = {
  rfmWindowMonths: { name: 'RELANCE_RFM_WINDOW_MONTHS', min: 1, max: 120, integer: true },
  topRevenuePercent: { name: 'RELANCE_VALUE_TIER_TOP_PERCENT', min: 1, max: 99, integer: false },
  coreRevenuePercent: { name: 'RELANCE_VALUE_TIER_CORE_PERCENT', min: 1, max: 100, integer: false },
  acquisitionDays: { name: 'RELANCE_LIFECYCLE_ACQUISITION_DAYS', min: 1, max: 3650, integer: true },
  trendDays: { name: 'RELANCE_LIFECYCLE_TREND_DAYS', min: 7, max: 1825, integer: true },
  basketGrowthPercent: { name: 'RELANCE_LIFECYCLE_BASKET_GROWTH_PERCENT', min: 0, max: 1000, integer: false },
  declineFactor: { name: 'RELANCE_LIFECYCLE_DECLINE_FACTOR', min: 1, max: 20, integer: false },
  declineMinDays: { name: 'RELANCE_LIFECYCLE_DECLINE_MIN_DAYS', min: 0, max: 3650, integer: true },
  silentMinOrders: { name: 'RELANCE_SILENT_MIN_ORDERS', min: 2, max: 1000, integer: true },
  silentFactor: { name: 'RELANCE_SILENT_FACTOR', min: 1, max: 20, integer: false },
  silentMinDays: { name: 'RELANCE_SILENT_MIN_DAYS', min: 0, max: 3650, integer: true },
};

export function loadScoringSettings(env: Record<string, string | undefined>): ScoringSettings {
  const settings = { ...DEFAULT_SCORING_SETTINGS };
  for (const key of Object.keys(SCORING_VARIABLES) as Array<keyof ScoringSettings>) {
    const { name, min, max, integer } = SCORING_VARIABLES[key];
    const raw = env[name]?.trim();
    if (!raw) continue;
    const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
    const value = Number(raw);
    if (!pattern.test(raw) || value < min || value > max) {
      throw new ConfigError(
        name,
        `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${raw}")`,
      );
    }
    settings[key] = value;
  }
  if (settings.coreRevenuePercent <= settings.topRevenuePercent) {
    throw new ConfigError(
      SCORING_VARIABLES.coreRevenuePercent.name,
      `must be above ${SCORING_VARIABLES.topRevenuePercent.name} (${settings.topRevenuePercent})`,
    );
  }
  return settings;
}
