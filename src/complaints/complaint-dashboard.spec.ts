import { dashboardRows, monthsBetween, tabulate, topCauses } from './complaint-dashboard';

describe('complaint dashboard tables', () => {
  it('counts per month and cumulated, by origin, cause and sector', () => {
    const table = tabulate(
      [
        { month: '2026-04', origin: 'email', cause: 'delivery_delay', sector: 'Casablanca-Settat', count: 2 },
        { month: '2026-04', origin: 'web', cause: 'delivery_delay', sector: 'Rabat-Salé-Kénitra', count: 1 },
        { month: '2026-06', origin: 'email', cause: 'billing_error', sector: 'Casablanca-Settat', count: 4 },
      ],
      monthsBetween('2026-04-10', '2026-06-30'),
    );
    expect(table.months.map((m) => [m.month, m.received, m.cumulative_received])).toEqual([
      ['2026-04', 3, 3],
      ['2026-05', 0, 3],
      ['2026-06', 4, 7],
    ]);
    expect(table.months[0].by_cause).toEqual({ delivery_delay: 3 });
    expect(table.cumulative).toEqual({
      received: 7,
      by_origin: { email: 6, web: 1 },
      by_cause: { delivery_delay: 3, billing_error: 4 },
      by_sector: { 'Casablanca-Settat': 6, 'Rabat-Salé-Kénitra': 1 },
    });
  });

  it('ranks causes, ties by name, at most ten', () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({ cause: `c${String(i).padStart(2, '0')}`, count: i % 3 }));
    const top = topCauses(rows);
    expect(top).toHaveLength(10);
    expect(top[0]).toEqual({ cause: 'c02', count: 2 });
  });

  it('spans years when listing months', () => {
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('flattens to long CSV rows', () => {
    const table = tabulate([{ month: '2026-04', origin: 'email', cause: 'x', sector: 's', count: 1 }], ['2026-04']);
    const rows = dashboardRows({
      ...table,
      rates: { complaint_rate: 2 },
      top_causes: { last_week: [{ cause: 'x', count: 1 }] },
    });
    expect(rows).toContainEqual({
      section: 'received',
      period: '2026-04',
      dimension: 'origin',
      key: 'email',
      value: 1,
    });
    expect(rows).toContainEqual({ section: 'rates', period: 'period', dimension: 'complaint_rate', key: '', value: 2 });
    expect(rows).toContainEqual({
      section: 'top_causes',
      period: 'period',
      dimension: 'last_week',
      key: '1',
      value: '{"cause":"x","count":1}',
    });
  });
});
