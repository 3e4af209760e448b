import { delayStats, nps, percent } from './kpi-formulas';
import { parsePeriod, previousPeriod, yearEarlier } from './report-period';

describe('KPI formulas (docs/kpis.md)', () => {
  it('reproduces the domain examples', () => {
    expect(percent(10, 500)).toBe(2); // complaint rate: 10 complaints over 500 transactions
    expect(percent(5000, 200000)).toBe(2.5); // loss rate: 5,000 over 200,000
    expect(percent(3, 0)).toBeNull();
  });

  it('computes NPS from a known answer set', () => {
    // 5 promoters (9, 10), 3 passives (7, 8), 2 detractors (0–6): 50 % − 20 % = 30.
    expect(nps([10, 9, 9, 10, 9, 7, 8, 7, 6, 0])).toEqual({
      nps: 30,
      promoters: 5,
      passives: 3,
      detractors: 2,
      answers: 10,
    });
    expect(nps([6, 6, 9])).toMatchObject({ nps: -33.33 });
    expect(nps([]).nps).toBeNull();
  });

  it('gives mean, median and nearest-rank 90th percentile', () => {
    expect(delayStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, mean: 5.5, median: 5.5, p90: 9 });
    expect(delayStats([4, 1, 2])).toEqual({ count: 3, mean: 2.33, median: 2, p90: 4 });
    expect(delayStats([])).toEqual({ count: 0, mean: null, median: null, p90: null });
  });
});

describe('report periods', () => {
  const zone = 'Europe/Paris';
  it('defaults to the current month up to today, in local days', () => {
    const period = parsePeriod({}, zone, new Date('2026-05-20T23:30:00Z'));
    expect(period).toEqual({
      from: '2026-05-01',
      to: '2026-05-21',
      start: new Date('2026-04-30T22:00:00Z'),
      end: new Date('2026-05-21T22:00:00Z'),
    });
  });

  it('compares a month with the month before, and any period with the same dates a year earlier', () => {
    const may = parsePeriod({ from: '2026-03-01', to: '2026-03-31' }, zone);
    expect(previousPeriod(may, zone)).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(yearEarlier(may, zone)).toMatchObject({ from: '2025-03-01', to: '2025-03-31' });
    const tenDays = parsePeriod({ from: '2028-02-20', to: '2028-02-29' }, zone);
    expect(previousPeriod(tenDays, zone)).toMatchObject({ from: '2028-02-10', to: '2028-02-19' });
    expect(yearEarlier(tenDays, zone)).toMatchObject({ from: '2027-02-20', to: '2027-02-28' });
  });

  it('refuses bad dates naming the field', () => {
    expect(() => parsePeriod({ from: '2026-13-01' }, zone)).toThrow(
      expect.objectContaining({ kind: 'invalid', message: expect.stringContaining('from:') }),
    );
    expect(() => parsePeriod({ from: '2026-05-02', to: '2026-05-01' }, zone)).toThrow(/after/);
  });
});
