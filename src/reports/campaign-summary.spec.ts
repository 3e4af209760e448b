import type { CampaignReport } from './campaign-report.service';
import { campaignSummary, type CampaignSummaryFacts } from './campaign-summary';

const S = '\u202f';
const NB = '\u00a0';

function report(overrides: Partial<CampaignReport> = {}): CampaignReport {
  return {
    id: 'c1',
    name: 'Soirée privée',
    status: 'completed',
    status_reason: null,
    audience: {
      segment: 1234,
      excluded: { no_consent: 12, suppressed: 3, invalid_address: 4, frequency_cap: 0 },
      holdout: 121,
      targeted: 1094,
    },
    messages: { queued: 0, sent: 1094, delivered: 1080, bounced: 14, failed: 0, unknown: 0 },
    responses: {
      opened: 0,
      clicked: 0,
      replied: 3,
      coupons: 210,
      calls_positive: 0,
      surveys: 0,
      unsubscribed: 2,
      complaints: 1,
      responders: 212,
      opened_by_people: 0,
      clicked_by_people: 0,
    },
    conversions: {
      treatment: {
        contacts: 1094,
        buyers: 260,
        revenue: 412345.5,
        revenue_by_currency: { MAD: 412345.5 },
        conversion_rate: 23.77,
        revenue_per_contact: 376.92,
      },
      holdout: {
        contacts: 121,
        buyers: 15,
        revenue: 21000,
        revenue_by_currency: { MAD: 21000 },
        conversion_rate: 12.4,
        revenue_per_contact: 173.55,
      },
    },
    rates: {
      delivery: 98.72,
      bounce: 1.28,
      open: 0,
      click: 0,
      response: 19.38,
      conversion: 23.77,
      unsubscribe: 0.19,
      open_by_people: 0,
      click_by_people: 0,
      open_excluding_automated: 0,
      click_excluding_automated: 0,
    },
    cost: 6423,
    revenue: 412345.5,
    gross_margin: 144320.93,
    profit: 137897.93,
    roi: 21.47,
    cost_per_response: 30.3,
    incremental_revenue: 222476.3,
    incremental_profit: 71443.71,
    incremental_roi: 11.12,
    lift: 0.92,
    lift_confidence: { low: 0.17, high: 2.15, significant: true, note: '' },
    currency: 'MAD',
    revenue_by_currency: { MAD: 412345.5 },
    left_out: {
      currencies: [],
      treatment: { revenue_by_currency: {} },
      holdout: { revenue_by_currency: {} },
      note: null,
    } as unknown as CampaignReport['left_out'],
    by_channel: { letter: { sent: 1094, cost: 4923 } },
    ...overrides,
  };
}

function facts(r: CampaignReport, channel = 'letter'): CampaignSummaryFacts {
  return {
    report: r,
    campaign: {
      objective: 'loyalty',
      created_at: new Date('2026-10-28T10:00:00Z'),
      launched_at: new Date('2026-11-01T08:00:00Z'),
      completed_at: new Date('2026-12-07T09:00:00Z'),
      attribution_days: 30,
      margin_rate: 0.35,
      holdout_percent: 10,
      fixed_cost: 1500,
      steps: [{ position: 1, channel, dispatched_at: new Date('2026-11-01T09:00:00Z'), due_at: null }],
    },
    daily: {
      campaign_id: 'c1',
      timezone: 'UTC',
      currency: 'MAD',
      days: [
        {
          date: '2026-11-02',
          sent: 0,
          opened: 0,
          clicked: 0,
          responses: 0,
          new_responders: 0,
          conversions: 0,
          revenue: 1234.5,
        },
      ],
    },
    timeZone: 'Africa/Casablanca',
    printedAt: new Date('2026-12-07T08:30:00Z'),
  };
}

describe('bilan de campagne (words and figures)', () => {
  it('puts the incremental profit and ROI first with a control group, with the sentence that says how to read them', () => {
    const summary = campaignSummary(facts(report()));
    expect(summary.headline.rows).toEqual([
      { label: 'Profit incrémental', value: `71${S}443,71${NB}MAD` },
      { label: 'ROI incrémental', value: '11,12' },
      { label: 'Profit attribué', value: `137${S}897,93${NB}MAD` },
      { label: 'ROI attribué', value: '21,47' },
    ]);
    expect(summary.headline.sentence).toContain(`rapporté 71${S}443,71${NB}MAD de profit incrémental`);
    expect(summary.headline.sentence).toContain('Le ROI attribué (21,47)');
    expect(summary.comparison?.sentence).toContain(
      `lift) : +92,0${NB}%, intervalle de confiance à 95${NB}% de +17,0${NB}% à +215,0${NB}%`,
    );
    expect(summary.comparison?.sentence).toContain('on peut s’y fier');
    expect(summary.comparison?.rows[3]).toEqual(['Taux de conversion', `23,8${NB}%`, `12,4${NB}%`]);
    expect(summary.comparison?.rows[5]).toEqual(['Chiffre d’affaires par contact', `376,92${NB}MAD`, `173,55${NB}MAD`]);
  });

  it('says when there is no control group, and shows the attributed figures alone', () => {
    const summary = campaignSummary(
      facts(
        report({
          incremental_profit: null,
          incremental_roi: null,
          lift: null,
          conversions: {
            treatment: {
              contacts: 1094,
              buyers: 260,
              revenue: 412345.5,
              revenue_by_currency: {},
              conversion_rate: 23.77,
              revenue_per_contact: 376.92,
            },
            holdout: {
              contacts: 0,
              buyers: 0,
              revenue: 0,
              revenue_by_currency: {},
              conversion_rate: 0,
              revenue_per_contact: 0,
            },
          },
        }),
      ),
    );
    expect(summary.headline.rows.map((row) => row.label)).toEqual(['Profit', 'ROI']);
    expect(summary.headline.sentence).toMatch(/^Sans groupe témoin/);
    expect(summary.comparison).toBeNull();
  });

  it('says an interval that includes zero cannot be trusted, and a holdout without buyers cannot be measured', () => {
    const unsure = campaignSummary(
      facts(report({ lift_confidence: { low: -0.1, high: 0.5, significant: false, note: '' } })),
    );
    expect(unsure.comparison?.sentence).toContain('n’est pas significatif');
    const none = report();
    none.conversions.holdout.buyers = 0;
    expect(campaignSummary(facts(none)).comparison?.sentence).toContain('Aucun acheteur dans le groupe témoin');
  });

  it('writes French dates, objective and channel, and shows opens only when a step is an e-mail', () => {
    const summary = campaignSummary(facts(report()));
    expect(summary.facts[0]).toBe('Objectif : fidélisation · statut : terminée');
    expect(summary.facts[1]).toBe('Créée le 28 oct. 2026 · lancée le 1 nov. 2026 · terminée le 7 déc. 2026');
    expect(summary.facts[2]).toBe('Étape : 1. courrier envoyé le 1 nov. 2026');
    expect(summary.funnel.map((stage) => stage.label)).toEqual(['Ciblés', 'Délivrés', 'Répondants', 'Acheteurs']);
    expect(campaignSummary(facts(report(), 'email')).funnel.map((stage) => stage.label)).toContain('Ouverts');
    expect(summary.daily).toEqual([
      { date: '2026-11-02', label: '2 nov. 2026', value: 1234.5, shown: `1${S}234,50${NB}MAD` },
    ]);
    expect(summary.footer).toContain('7 déc. 2026, 09:30');
  });
});
