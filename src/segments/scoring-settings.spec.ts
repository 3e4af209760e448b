import { ConfigError } from '../core/config/relance-config';
import { DEFAULT_SCORING_SETTINGS, loadScoringSettings } from './scoring-settings';

describe('loadScoringSettings', () => {
  it('defaults to the documented thresholds', () => {
    expect(loadScoringSettings({})).toEqual(DEFAULT_SCORING_SETTINGS);
    expect(DEFAULT_SCORING_SETTINGS).toMatchObject({
      rfmWindowMonths: 24,
      topRevenuePercent: 80,
      coreRevenuePercent: 95,
      acquisitionDays: 90,
      silentMinOrders: 3,
      silentFactor: 2,
      silentMinDays: 60,
    });
  });

  it('reads each variable', () => {
    expect(
      loadScoringSettings({
        RELANCE_RFM_WINDOW_MONTHS: '12',
        RELANCE_LIFECYCLE_DECLINE_FACTOR: '1.5',
        RELANCE_SILENT_MIN_DAYS: ' 90 ',
      }),
    ).toMatchObject({
      rfmWindowMonths: 12,
      declineFactor: 1.5,
      silentMinDays: 90,
    });
  });

  it('names the variable when a value is wrong', () => {
    expect(() => loadScoringSettings({ RELANCE_RFM_WINDOW_MONTHS: '1.5' })).toThrow(
      new ConfigError('RELANCE_RFM_WINDOW_MONTHS', 'must be a whole number from 1 to 120 (got "1.5")'),
    );
    expect(() => loadScoringSettings({ RELANCE_SILENT_FACTOR: 'two' })).toThrow(
      /RELANCE_SILENT_FACTOR must be a number/,
    );
    expect(() => loadScoringSettings({ RELANCE_VALUE_TIER_TOP_PERCENT: '96' })).toThrow(
      /RELANCE_VALUE_TIER_CORE_PERCENT must be above RELANCE_VALUE_TIER_TOP_PERCENT/,
    );
  });
});
