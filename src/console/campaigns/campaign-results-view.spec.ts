import type { CampaignReport } from '../../reports/campaign-report.service';
import {
  breakdownView,
  comparisonView,
  funnelView,
  liftVerdict,
  moneyView,
  timelineView,
} from './campaign-results-view';

const group = (contacts: number, buyers: number, revenue: number) => ({
  contacts,
  buyers,
  conversion_rate: contacts ? Math.round((buyers / contacts) * 10000) / 100 : 0,
  revenue,
  revenue_per_contact: contacts ? Math.round((revenue / contacts) * 100) / 100 : 0,
  revenue_by_currency: { MAD: revenue },
});

/** The demo's letter to top clients, as `relance campaign report --json` prints it (the fields the views read). */
function report(overrides: Partial<CampaignReport> = {}): CampaignReport {
  return {
    audience: { segment: 231, excluded: {}, holdout: 23, targeted: 203 },
    messages: { sent: 203, delivered: 203 },
    responses: { opened: 0, clicked: 0, responders: 32 },
    conversions: { treatment: group(203, 78, 254354.64), holdout: group(23, 4, 4401.87) },
    rates: { delivery: 100, open: 0, click: 0, response: 15.76, conversion: 38.42 },
    cost: 2413.5,
    revenue: 254354.64,
    gross_margin: 89024.12,
    profit: 86610.62,
    roi: 35.89,
    cost_per_response: 75.42,
    incremental_revenue: 215503.35,
    incremental_profit: 73012.67,
    incremental_roi: 30.25,
    lift: 1.21,
    lift_confidence: { low: -0.11, high: 4.48, significant: false, note: 'not significant' },
    currency: 'MAD',
    left_out: { currencies: [] },
    ...overrides,
  } as unknown as CampaignReport;
}

const confidence = (low: number | null, high: number | null, significant: boolean) => ({
  lift_confidence: { low, high, significant, note: '' },
});

describe('Campagnes: results', () => {
  it('walks the funnel with the report’s own rates, opens and clicks only for e-mail', () => {
    const letter = funnelView(report(), false);
    expect(letter.stages.map((stage) => [stage.label, stage.value])).toEqual([
      ['Ciblés', 203],
      ['Délivrés', 203],
      ['Répondants', 32],
      ['Acheteurs', 78],
    ]);
    expect(letter.stages[2]).toMatchObject({ rate: expect.closeTo(0.1576, 10), of: 'des envoyés' });
    expect(letter.chart).toEqual({
      type: 'bar',
      labels: ['Ciblés', 'Délivrés', 'Répondants', 'Acheteurs'],
      datasets: [{ label: 'Contacts', data: [203, 203, 32, 78] }],
    });
    expect(funnelView(report(), true).stages.map((stage) => stage.label)).toEqual([
      'Ciblés',
      'Délivrés',
      'Ouverts',
      'Cliqués',
      'Répondants',
      'Acheteurs',
    ]);
  });

  it('says whether the difference with the control group can be trusted, from the 95 % interval', () => {
    expect(liftVerdict(report())).toBe('inconclusive');
    expect(liftVerdict(report(confidence(0.2, 1.5, true)))).toBe('up');
    expect(liftVerdict(report(confidence(-0.8, -0.1, true)))).toBe('down');
    const noHoldout = report({ conversions: { treatment: group(203, 78, 1), holdout: group(0, 0, 0) } });
    expect(liftVerdict({ ...noHoldout, ...confidence(null, null, false) })).toBe('no-holdout');
    const noHoldoutBuyer = report({ conversions: { treatment: group(203, 78, 1), holdout: group(23, 0, 0) } });
    expect(liftVerdict({ ...noHoldoutBuyer, ...confidence(null, null, false) })).toBe('no-holdout-buyer');
    const noBuyer = report({ conversions: { treatment: group(203, 0, 0), holdout: group(23, 4, 1) } });
    expect(liftVerdict({ ...noBuyer, ...confidence(null, null, false) })).toBe('no-treatment-buyer');
  });

  it('puts the incremental profit and ROI first when there is a control group', () => {
    expect(moneyView(report())).toMatchObject({
      incrementalFirst: true,
      incrementalRoi: 30.25,
      roi: 35.89,
      holdoutBoughtNothing: false,
    });
    const without = report({
      conversions: { treatment: group(203, 78, 1), holdout: group(0, 0, 0) },
      incremental_profit: null,
      incremental_roi: null,
    });
    expect(moneyView(without)).toMatchObject({ incrementalFirst: false, roi: 35.89 });
    const holdoutIdle = report({ conversions: { treatment: group(203, 78, 1), holdout: group(23, 0, 0) } });
    expect(moneyView(holdoutIdle).holdoutBoughtNothing).toBe(true);
    expect(moneyView(report({ left_out: { currencies: ['EUR', 'USD'] } } as never)).leftOutCurrencies).toBe('EUR, USD');
  });

  it('compares the two groups with the report’s per-group figures', () => {
    const view = comparisonView(report());
    expect(view.groups.map((g) => [g.contacts, g.buyers, g.conversionRate, g.revenuePerContact])).toEqual([
      [203, 78, expect.closeTo(0.3842, 10), 1252.98],
      [23, 4, expect.closeTo(0.1739, 10), 191.39],
    ]);
    expect(view).toMatchObject({ hasHoldout: true, lift: 1.21, low: -0.11, high: 4.48, hasInterval: true });
  });

  it('dates each day as the calendar day it is, whatever the zone', () => {
    const view = timelineView({
      campaign_id: 'c',
      timezone: 'Pacific/Honolulu',
      currency: 'MAD',
      days: [
        {
          date: '2026-10-26',
          sent: 3,
          opened: 0,
          clicked: 0,
          responses: 1,
          new_responders: 1,
          conversions: 2,
          revenue: 10,
        },
      ],
    });
    expect(view.days[0].label).toBe('26 oct. 2026');
    expect(view.chart.datasets).toEqual([
      { label: 'Nouveaux répondants', data: [1] },
      { label: 'Nouveaux acheteurs', data: [2] },
    ]);
  });

  it('names lifecycle stages, value tiers and unknown regions in French', () => {
    const row = (value: string) => ({
      dimension: 'lifecycle' as const,
      value,
      contacts: 10,
      holdout_contacts: 0,
      sent: 10,
      responders: 2,
      buyers: 1,
      revenue: 5,
      holdout_buyers: 0,
      holdout_revenue: 0,
      response_rate: 20,
      conversion_rate: 10,
      holdout_conversion_rate: null,
      incremental_revenue: null,
    });
    const tables = breakdownView({
      campaign_id: 'c',
      currency: 'MAD',
      dimensions: {
        lifecycle: [row('decline'), row('unknown')],
        value_tier: [row('top')],
        region: [row('Souss-Massa'), row('unknown')],
      },
    });
    expect(tables.map((table) => [table.label, table.rows.map((r) => r.value)])).toEqual([
      ['Étape du cycle de vie', ['Déclin', 'Non calculé']],
      ['Niveau de valeur', ['Meilleurs clients']],
      ['Région', ['Souss-Massa', 'Non renseignée']],
    ]);
    expect(tables[0].rows[0]).toMatchObject({
      responseRate: expect.closeTo(0.2, 10),
      conversionRate: expect.closeTo(0.1, 10),
      holdoutConversionRate: null,
    });
  });
});
