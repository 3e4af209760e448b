import { breakdownRow } from './campaign-breakdown';

describe('breakdown rows', () => {
  it('computes rates and incremental revenue per group, null without a holdout in the group', () => {
    const sums = {
      dimension: 'region' as const,
      value: 'Casablanca-Settat',
      contacts: 8,
      holdout_contacts: 2,
      sent: 8,
      responders: 2,
      buyers: 2,
      revenue: 800,
      holdout_buyers: 1,
      holdout_revenue: 100,
    };
    // (800 / 8 − 100 / 2) × 8 = (100 − 50) × 8
    expect(breakdownRow(sums)).toMatchObject({
      response_rate: 25,
      conversion_rate: 25,
      holdout_conversion_rate: 50,
      incremental_revenue: 400,
    });
    expect(breakdownRow({ ...sums, holdout_contacts: 0, holdout_buyers: 0, holdout_revenue: 0 })).toMatchObject({
      holdout_conversion_rate: null,
      incremental_revenue: null,
    });
  });
});
