import type { BasePictures } from '../../segments/base-pictures.service';
import { basePicturesView, builderHref } from './base-pictures-view';

function pictures(): BasePictures {
  const rfm = [];
  for (let recency = 5; recency >= 1; recency--)
    for (let frequency = 1; frequency <= 5; frequency++)
      rfm.push({
        recency,
        frequency,
        clients: recency === 5 && frequency === 5 ? 10 : recency === 1 ? 2 : 0,
        revenue: 0,
      });
  return {
    currency: 'MAD',
    windowMonths: 24,
    scoredAt: '2026-11-24T10:00:00.000Z',
    total: { clients: 40, revenue: 1000 },
    otherCurrency: 0,
    rfm,
    rfmScored: 20,
    lifecycle: [
      { stage: 'acquisition', clients: 10, revenue: 0 },
      { stage: 'development', clients: 10, revenue: 500 },
      { stage: 'retention', clients: 10, revenue: 400 },
      { stage: 'decline', clients: 10, revenue: 100 },
    ],
    valueTiers: [
      { tier: 'top', clients: 4, revenue: 800 },
      { tier: 'core', clients: 6, revenue: 150 },
      { tier: 'tail', clients: 20, revenue: 50 },
      { tier: null, clients: 10, revenue: 0 },
    ],
    pareto: {
      buyers: 30,
      revenue: 1000,
      clientsFor80: 4,
      deciles: Array.from({ length: 10 }, (_, index) => ({
        decile: index + 1,
        clients: 3 * (index + 1),
        clientShare: (index + 1) / 10,
        revenue: 100 * (index + 1),
        revenueShare: (index + 1) / 10,
      })),
    },
    silent: {
      clients: 1,
      lifetime: 300,
      beforeSilence: 100,
      best: [
        {
          external_id: 'A/1 ?x',
          civility: null,
          first_name: null,
          last_name: null,
          company_name: 'Société',
          orders: 4,
          last_order_at: '2025-01-01T00:00:00Z',
          lifetime: 300,
          before_silence: 100,
        },
      ],
    },
  };
}

const rulesOf = (href: string) => JSON.parse(new URL(href, 'http://x').searchParams.get('regles')!) as unknown;

describe('the view of the pictures of the base', () => {
  it('links every cell, stage and tier to the builder with its rules', () => {
    const view = basePicturesView(pictures());
    expect(view.grid.rows.map((row) => row.recency)).toEqual([5, 4, 3, 2, 1]);
    const corner = view.grid.rows[0].cells[4];
    expect(corner).toMatchObject({ recency: 5, frequency: 5, clients: 10, heat: 5 });
    expect(rulesOf(corner.href)).toEqual({
      all: [
        { field: 'rfm.recency', op: 'eq', value: 5 },
        { field: 'rfm.frequency', op: 'eq', value: 5 },
      ],
    });
    expect(view.grid.rows[4].cells[0].heat).toBe(1);
    expect(view.grid.rows[1].cells[0].heat).toBe(0);
    expect(view.grid.legend.map((step) => step.label)).toEqual([
      'aucun client',
      '1 à 2',
      '3 à 4',
      '5 à 6',
      '7 à 8',
      '9 à 10',
    ]);
    const [stages, tiers] = view.distributions;
    expect(stages.rows.map((row) => row.share)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(rulesOf(stages.rows[3].href)).toEqual({ all: [{ field: 'lifecycle', op: 'eq', value: 'decline' }] });
    expect(rulesOf(tiers.rows[3].href)).toEqual({ all: [{ field: 'value_tier', op: 'is_null' }] });
    expect(stages.chart.datasets[0].data).toEqual([10, 10, 10, 10]);
  });

  it('says the Pareto sentence from the data, and none without buyers', () => {
    const view = basePicturesView(pictures());
    expect(view.pareto.sentence).toMatch(/^13,3\s% des clients font 80\s% du chiffre d'affaires$/);
    expect(view.pareto.chart.datasets[0].data).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const empty = pictures();
    empty.pareto = { buyers: 0, revenue: 0, clientsFor80: null, deciles: [] };
    expect(basePicturesView(empty).pareto.sentence).toBeNull();
  });

  it('links silent clients to their contact page, the client id encoded', () => {
    const [client] = basePicturesView(pictures()).silent.best;
    expect(client).toMatchObject({ name: 'Société', href: '/contacts/A%2F1%20%3Fx' });
    expect(builderHref([{ field: 'silent', op: 'eq', value: true }])).toBe(
      `/segments/nouveau?regles=${encodeURIComponent('{"all":[{"field":"silent","op":"eq","value":true}]}')}`,
    );
  });
});
