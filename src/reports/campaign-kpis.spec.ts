import { splitCampaignMoney } from './campaign-currencies';
import { computeReport, liftEstimate } from './campaign-kpis';

describe('campaign report arithmetic', () => {
  it('follows the contract definitions on a hand-computed case', () => {
    const figures = computeReport({
      sent: 200,
      delivered: 190,
      bounced: 10,
      openers: 95,
      clickers: 19,
      responders: 20,
      unsubscribed: 2,
      treatment: { contacts: 200, buyers: 30, revenue: 6000 },
      holdout: { contacts: 50, buyers: 5, revenue: 750 },
      fixedCost: 500,
      messageCost: 200 * 4.5,
      marginRate: 0.35,
    });
    expect(figures).toMatchObject({
      rates: { delivery: 95, bounce: 5, open: 50, click: 10, response: 10, conversion: 15, unsubscribe: 1.05 },
      cost: 1400,
      revenue: 6000,
      gross_margin: 2100,
      profit: 700,
      roi: 0.5,
      cost_per_response: 70,
      // (6000/200 − 750/50) × 200 = (30 − 15) × 200
      incremental_revenue: 3000,
      incremental_profit: -350, // 3000 × 0.35 − 1400
      incremental_roi: -0.25, // −350 / 1400
      // 0.15 / 0.10 − 1
      lift: 0.5,
    });
  });

  it('uses a margin rate of 1 when unset, and nulls what cannot be divided', () => {
    const figures = computeReport({
      sent: 0,
      delivered: 0,
      bounced: 0,
      openers: 0,
      clickers: 0,
      responders: 0,
      unsubscribed: 0,
      treatment: { contacts: 10, buyers: 1, revenue: 100 },
      holdout: { contacts: 0, buyers: 0, revenue: 0 },
      fixedCost: 0,
      messageCost: 0,
      marginRate: null,
    });
    expect(figures).toMatchObject({
      gross_margin: 100,
      roi: null,
      cost_per_response: null,
      lift: null,
      incremental_revenue: 0,
      incremental_profit: null,
      incremental_roi: null,
    });
  });

  it('gives incremental profit and ROI with a control group, the margin rate 1 when unset, and no ROI without cost', () => {
    const base = {
      sent: 10,
      delivered: 10,
      bounced: 0,
      openers: 0,
      clickers: 0,
      responders: 0,
      unsubscribed: 0,
      treatment: { contacts: 10, buyers: 2, revenue: 400 },
      holdout: { contacts: 5, buyers: 1, revenue: 100 },
    };
    // (400/10 − 100/5) × 10 = 200; × 1 − 50 = 150; 150 / 50 = 3
    expect(computeReport({ ...base, fixedCost: 50, messageCost: 0, marginRate: null })).toMatchObject({
      incremental_revenue: 200,
      incremental_profit: 150,
      incremental_roi: 3,
    });
    expect(computeReport({ ...base, fixedCost: 0, messageCost: 0, marginRate: 0.5 })).toMatchObject({
      incremental_profit: 100,
      incremental_roi: null,
    });
  });

  it('keeps the campaign currency for the money and lists the others', () => {
    const money = splitCampaignMoney('MAD', [
      { audience_group: 'treatment', currency: 'EUR', purchases: 2, revenue: 30.5 },
      { audience_group: 'treatment', currency: 'MAD', purchases: 3, revenue: 900 },
      { audience_group: 'holdout', currency: 'USD', purchases: 1, revenue: 12 },
    ]);
    expect(money).toEqual({
      treatment: { revenue: 900, revenue_by_currency: { EUR: 30.5, MAD: 900 } },
      holdout: { revenue: 0, revenue_by_currency: { USD: 12 } },
      left_out: {
        currencies: ['EUR', 'USD'],
        treatment: { purchases: 2, revenue_by_currency: { EUR: 30.5 } },
        holdout: { purchases: 1, revenue_by_currency: { USD: 12 } },
        note: expect.stringContaining('EUR, USD are not converted into MAD'),
      },
    });
    expect(splitCampaignMoney('MAD', []).left_out).toEqual({
      currencies: [],
      treatment: { purchases: 0, revenue_by_currency: {} },
      holdout: { purchases: 0, revenue_by_currency: {} },
      note: null,
    });
  });

  it('says when the holdout is too small to conclude', () => {
    expect(liftEstimate({ contacts: 1000, buyers: 60 }, { contacts: 20, buyers: 1 })).toMatchObject({
      significant: false,
      note: expect.stringContaining('not significant'),
    });
    expect(liftEstimate({ contacts: 20000, buyers: 2000 }, { contacts: 5000, buyers: 250 })).toMatchObject({
      significant: true,
    });
    expect(liftEstimate({ contacts: 100, buyers: 10 }, { contacts: 10, buyers: 0 }).low).toBeNull();
  });
});
