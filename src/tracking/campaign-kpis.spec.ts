import { computeReport, liftEstimate } from './campaign-kpis';

describe('campaign report arithmetic', () => {
  it('follows the contract definitions on a hand-computed case', () => {
    const figures = computeReport({
      sent: 200, delivered: 190, bounced: 10, openers: 95, clickers: 19, responders: 20, unsubscribed: 2,
      treatment: { contacts: 200, buyers: 30, revenue: 6000 },
      holdout: { contacts: 50, buyers: 5, revenue: 750 },
      fixedCost: 500, messageCost: 200 * 4.5, marginRate: 0.35,
    });
    expect(figures).toMatchObject({
      rates: { delivery: 95, bounce: 5, open: 50, click: 10, response: 10, conversion: 15, unsubscribe: 1.05 },
      cost: 1400, revenue: 6000, gross_margin: 2100, profit: 700, roi: 0.5, cost_per_response: 70,
      // (6000/200 − 750/50) × 200 = (30 − 15) × 200
      incremental_revenue: 3000,
      // 0.15 / 0.10 − 1
      lift: 0.5,
    });
  });

  it('uses a margin rate of 1 when unset, and nulls what cannot be divided', () => {
    const figures = computeReport({
      sent: 0, delivered: 0, bounced: 0, openers: 0, clickers: 0, responders: 0, unsubscribed: 0,
      treatment: { contacts: 10, buyers: 1, revenue: 100 }, holdout: { contacts: 0, buyers: 0, revenue: 0 }, fixedCost: 0, messageCost: 0, marginRate: null,
    });
    expect(figures).toMatchObject({ gross_margin: 100, roi: null, cost_per_response: null, lift: null, incremental_revenue: 0 });
  });

  it('says when the holdout is too small to conclude', () => {
    expect(liftEstimate({ contacts: 1000, buyers: 60 }, { contacts: 20, buyers: 1 })).toMatchObject({ significant: false, note: expect.stringContaining('not significant') });
    expect(liftEstimate({ contacts: 20000, buyers: 2000 }, { contacts: 5000, buyers: 250 })).toMatchObject({ significant: true });
    expect(liftEstimate({ contacts: 100, buyers: 10 }, { contacts: 10, buyers: 0 }).low).toBeNull();
  });
});
