import type { ProgrammeKpiReport, ProgrammeKpis } from '../../reports/programme-kpis.service';
import { kpiCards, kpiChange, otherCurrencies } from './dashboard-kpis';
import { monthLabel, trendCharts } from './dashboard-trends';
import { dashboardPeriod, PeriodFieldError } from './dashboard-period';
import { dashboardView } from './dashboard-view';

/** A KPI document as `relance kpi --json` prints it, with the figures a test changes. */
function kpis(overrides: Partial<ProgrammeKpis> = {}): ProgrammeKpis {
  return {
    from: '2026-10-01',
    to: '2026-10-31',
    clients_active_start: 1122,
    retention_rate: 42.7,
    attrition_rate: 57.3,
    complaint_rate: 0.28,
    loss_rate: 1.5,
    nps: 30,
    promoters: 5,
    passives: 3,
    detractors: 2,
    average_basket: 367.52,
    purchase_frequency: 1.4,
    revenue: 96291.12,
    currency: 'EUR',
    revenue_by_currency: { EUR: 96291.12 },
    compensation_by_currency: {},
    orders: 706,
    buyers: 505,
    orders_in_currency: 262,
    left_out: { currencies: [], orders: 0, revenue_by_currency: {}, compensation_by_currency: {}, note: null },
    complaints: 2,
    compensation_costs: 1444.37,
    survey_answers: 10,
    ...overrides,
  };
}

function report(
  current: Partial<ProgrammeKpis> = {},
  previous: Partial<ProgrammeKpis> = {},
  yearBefore: Partial<ProgrammeKpis> = {},
): ProgrammeKpiReport {
  return {
    ...kpis(current),
    verbatims: [],
    previous_period: kpis({ from: '2026-09-01', to: '2026-09-30', ...previous }),
    year_on_year: kpis({ from: '2025-10-01', to: '2025-10-31', ...yearBefore }),
  };
}

const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('dashboard KPI cards', () => {
  it('shows the eight figures of `relance kpi` in French, each with its raw value', () => {
    const cards = kpiCards(report(), { previous: 'Mois précédent', yearEarlier: 'Un an plus tôt' });
    expect(cards.map((card) => [card.key, card.raw, card.value])).toEqual([
      ['retention_rate', 42.7, `42,7${NBSP}%`],
      ['attrition_rate', 57.3, `57,3${NBSP}%`],
      ['complaint_rate', 0.28, `0,3${NBSP}%`],
      ['loss_rate', 1.5, `1,5${NBSP}%`],
      ['nps', 30, '30'],
      ['revenue', 96291.12, `96${NNBSP}291,12${NBSP}€`],
      ['average_basket', 367.52, `367,52${NBSP}€`],
      ['purchase_frequency', 1.4, '1,40'],
    ]);
    expect(cards[0].detail).toBe(`part des 1${NNBSP}122 clients actifs au début qui ont racheté`);
    expect(cards[4].detail).toBe('5 promoteurs, 3 passifs, 2 détracteurs (10 réponses)');
    expect(cards[2].detail).toBe('2 réclamations pour 706 commandes');
  });

  it('compares with the period before and a year earlier: points for rates and NPS, per cent for money', () => {
    const cards = kpiCards(
      report({}, { retention_rate: 48.2, revenue: 120811.76, nps: 30 }, { retention_rate: null, revenue: 0 }),
      { previous: 'Mois précédent', yearEarlier: 'Un an plus tôt' },
    );
    const retention = cards.find((card) => card.key === 'retention_rate')!;
    expect(retention.changes[0]).toEqual({
      label: 'Mois précédent',
      value: `48,2${NBSP}%`,
      change: '−5,5 pts',
      direction: 'down',
      tone: 'bad',
      spoken: 'en baisse de 5,5 pts',
    });
    expect(retention.changes[1]).toMatchObject({ label: 'Un an plus tôt', value: '–', change: '', direction: 'none' });
    const revenue = cards.find((card) => card.key === 'revenue')!;
    expect(revenue.changes[0]).toMatchObject({ change: `−20,3${NBSP}%`, tone: 'bad' });
    // From nothing, a change in per cent means nothing.
    expect(revenue.changes[1]).toMatchObject({ change: '', direction: 'none' });
    expect(cards.find((card) => card.key === 'nps')!.changes[0]).toMatchObject({ change: 'stable', direction: 'same' });
  });

  it('colours a change by whether it is good news', () => {
    expect(kpiChange('rate', 'down', 2.5, 1.3)).toMatchObject({ change: '+1,2 pt', direction: 'up', tone: 'bad' });
    expect(kpiChange('rate', 'down', 1.3, 2.5)).toMatchObject({ change: '−1,2 pt', tone: 'good' });
    expect(kpiChange('ratio', 'up', 1.5, 1.2)).toMatchObject({ change: `+25,0${NBSP}%`, tone: 'good' });
    expect(kpiChange('score', 'up', -10, 5)).toMatchObject({ change: '−15,0 pts', tone: 'bad' });
    expect(kpiChange('money', 'up', 100, -50)).toMatchObject({ change: `+300,0${NBSP}%` });
    expect(kpiChange('rate', 'up', 10.04, 10)).toMatchObject({ change: 'stable', tone: 'neutral' });
  });

  it('lists the money in other currencies that the figures leave out', () => {
    expect(otherCurrencies(kpis())).toBeNull();
    const leftOut = otherCurrencies(
      kpis({
        left_out: {
          currencies: ['MAD'],
          orders: 444,
          revenue_by_currency: { MAD: 1230722.83 },
          compensation_by_currency: { MAD: 450 },
          note: 'amounts in MAD are not converted',
        },
      }),
    );
    expect(leftOut?.note).toContain('en MAD ne sont pas convertis en EUR');
    expect(leftOut?.amounts).toEqual([
      `1${NNBSP}230${NNBSP}722,83${NBSP}MAD de chiffre d'affaires`,
      '444 commandes dans ces devises',
      `450,00${NBSP}MAD de gestes commerciaux`,
    ]);
  });
});

describe('dashboard trends', () => {
  const months = [
    kpis({ from: '2026-11-01', to: '2026-11-30', revenue: 1000, retention_rate: null, nps: null }),
    kpis({ from: '2026-12-01', to: '2026-12-07', revenue: 250.5, complaint_rate: 1.25 }),
  ];

  it('labels months, a month not over with its last day', () => {
    expect(monthLabel(months[0])).toBe('nov. 2026');
    expect(monthLabel(months[1])).toBe('déc. 2026 (au 7)');
    expect(monthLabel({ from: '2024-02-01', to: '2024-02-29' })).toBe('févr. 2024');
  });

  it('gives each chart the service figures and its table the same, formatted, with a link per month', () => {
    const [revenue, retention, complaints, nps] = trendCharts(months);
    expect(revenue.chart).toEqual({
      type: 'bar',
      labels: ['nov. 2026', 'déc. 2026 (au 7)'],
      datasets: [{ label: "Chiffre d'affaires (EUR)", data: [1000, 250.5] }],
    });
    expect(revenue.rows[1]).toEqual({
      label: 'déc. 2026 (au 7)',
      href: '/?periode=mois&debut=2026-12-01',
      cells: [`250,50${NBSP}€`, '262', '505'],
    });
    expect(retention.chart.datasets[0].data).toEqual([null, 42.7]);
    expect(retention.rows[0].cells).toEqual([`1${NNBSP}122`, '–', `57,3${NBSP}%`]);
    expect(complaints.chart.datasets.map((d) => d.data)).toEqual([
      [0.28, 1.25],
      [1.5, 1.5],
    ]);
    expect(nps.columns).toEqual(['Mois', 'Réponses', 'Promoteurs', 'Passifs', 'Détracteurs', 'NPS']);
    expect(nps.rows[0].cells[4]).toBe('–');
  });
});

describe('the whole dashboard view', () => {
  const base = {
    error: null,
    trend: [kpis()],
    running: [],
    upcoming: [],
    upcomingLimit: 1000,
    due: { overdue: { count: 0, complaints: [] }, today: { count: 0, complaints: [] } },
    timeZone: 'Europe/Paris',
  };
  const october = dashboardPeriod({ debut: '2026-10-10' }, '2026-12-07', 'Europe/Paris');

  it('states the period and the two it is compared with, and links each card to where it is explained', () => {
    const view = dashboardView({ ...base, choice: october, report: report() });
    expect(view.period).toMatchObject({
      label: 'octobre 2026',
      dates: 'du 1er au 31 octobre 2026',
      previousDates: 'du 1er au 30 septembre 2026',
      yearEarlierDates: 'du 1er au 31 octobre 2025',
      kinds: expect.arrayContaining([{ value: 'mois', label: 'Mois', selected: true }]),
    });
    expect(view.cards[0].changes.map((change) => change.label)).toEqual(['Mois précédent', 'Un an plus tôt']);
    expect(view.cards.map((card) => card.link?.href)).toEqual([
      '#tendance-retention',
      '#tendance-retention',
      '/reclamations/indicateurs?du=2026-10-01&au=2026-10-31',
      '/reclamations/indicateurs?du=2026-10-01&au=2026-10-31',
      '#tendance-nps',
      '/rentabilite?debut=2026-10-01&fin=2026-10-31',
      '/rentabilite?debut=2026-10-01&fin=2026-10-31',
      '#tendance-ca',
    ]);
    expect(view.error).toBeNull();
    expect(view.invalid).toEqual({ periode: false, debut: false, fin: false });
  });

  it('names the field in error, in French, and marks it invalid', () => {
    const error = new PeriodFieldError('debut', '2026-13-01', 'une date au format AAAA-MM-JJ est attendue');
    const view = dashboardView({ ...base, choice: october, report: report(), error });
    expect(view.error).toEqual({
      label: 'Début',
      value: '2026-13-01',
      reason: 'une date au format AAAA-MM-JJ est attendue',
      field: 'debut',
    });
    expect(view.invalid).toEqual({ periode: false, debut: true, fin: false });
  });

  it('calls a month to date "période précédente": it is compared with as many days just before', () => {
    const december = dashboardPeriod({}, '2026-12-07', 'Europe/Paris');
    const view = dashboardView({ ...base, choice: december, report: report() });
    expect(view.cards[0].changes[0].label).toBe('Période précédente');
  });
});
