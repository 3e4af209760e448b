import { dashboardPeriod, daysLabel, PeriodFieldError } from './dashboard-period';

const PARIS = 'Europe/Paris';
const TODAY = '2026-12-07';
const pick = (query: Record<string, unknown>) => {
  const choice = dashboardPeriod(query, TODAY, PARIS);
  return {
    span: `${choice.period.from}..${choice.period.to}`,
    label: choice.label,
    toDate: choice.toDate,
    previous: choice.previousHref,
    next: choice.nextHref,
  };
};

function refusal(query: Record<string, unknown>): { field: string; value: string } {
  try {
    dashboardPeriod(query, TODAY, PARIS);
  } catch (error) {
    if (error instanceof PeriodFieldError) return { field: error.field, value: error.value };
    throw error;
  }
  throw new Error('accepted');
}

describe('the dashboard period', () => {
  it('is the current month up to today by default, as `relance kpi` without dates', () => {
    expect(pick({})).toEqual({
      span: '2026-12-01..2026-12-07',
      label: 'décembre 2026',
      toDate: true,
      previous: '/?periode=mois&debut=2026-11-01',
      next: null,
    });
  });

  it('takes the whole month, quarter or year containing the day given', () => {
    expect(pick({ periode: 'mois', debut: '2026-10-15' })).toEqual({
      span: '2026-10-01..2026-10-31',
      label: 'octobre 2026',
      toDate: false,
      previous: '/?periode=mois&debut=2026-09-01',
      next: '/?periode=mois&debut=2026-11-01',
    });
    expect(pick({ periode: 'trimestre', debut: '2026-02-03' })).toMatchObject({
      span: '2026-01-01..2026-03-31',
      label: '1er trimestre 2026',
      previous: '/?periode=trimestre&debut=2025-10-01',
    });
    expect(pick({ periode: 'trimestre' })).toMatchObject({
      span: '2026-10-01..2026-12-07',
      label: '4e trimestre 2026',
    });
    expect(pick({ periode: 'annee', debut: '2025-06-30' })).toMatchObject({
      span: '2025-01-01..2025-12-31',
      label: '2025',
      next: '/?periode=annee&debut=2026-01-01',
    });
  });

  it('takes a custom period as given, with neighbours of the same length', () => {
    expect(pick({ periode: 'personnalisee', debut: '2026-10-03', fin: '2026-11-01' })).toEqual({
      span: '2026-10-03..2026-11-01',
      label: 'du 3 octobre au 1er novembre 2026',
      toDate: false,
      previous: '/?periode=personnalisee&debut=2026-09-03&fin=2026-10-02',
      next: '/?periode=personnalisee&debut=2026-11-02&fin=2026-12-01',
    });
    expect(pick({ periode: 'personnalisee', fin: '2026-11-20' }).span).toBe('2026-11-01..2026-11-20');
    expect(pick({ periode: 'personnalisee', debut: '2026-12-01', fin: '' }).next).toBeNull();
  });

  it('names the field it cannot read', () => {
    expect(refusal({ periode: 'semaine' })).toEqual({ field: 'periode', value: 'semaine' });
    expect(refusal({ debut: '2026-02-30' })).toEqual({ field: 'debut', value: '2026-02-30' });
    expect(refusal({ periode: 'personnalisee', debut: '2026-11-02', fin: '2026-11-01' })).toEqual({
      field: 'fin',
      value: '2026-11-01',
    });
    expect(refusal({ periode: ['mois', 'annee'] })).toEqual({ field: 'periode', value: '' });
  });

  it('says dates in French words', () => {
    expect(daysLabel('2026-11-01', '2026-11-30')).toBe('du 1er au 30 novembre 2026');
    expect(daysLabel('2025-12-24', '2026-01-02')).toBe('du 24 décembre 2025 au 2 janvier 2026');
    expect(daysLabel('2026-03-01', '2026-03-01')).toBe('le 1er mars 2026');
  });
});
