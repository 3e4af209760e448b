import { calendarBounds, calendarPeriod, monthsEnding, shiftCalendar } from './calendar-periods';
import { previousPeriod } from './report-period';

const PARIS = 'Europe/Paris';
const span = (period: { from: string; to: string }) => `${period.from}..${period.to}`;

describe('calendar periods', () => {
  it('finds the month, quarter and year containing a day', () => {
    expect(calendarBounds('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(calendarBounds('month', '2024-02-29')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(calendarBounds('quarter', '2026-05-31')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(calendarBounds('quarter', '2026-12-01')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(calendarBounds('year', '2026-07-04')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(() => calendarBounds('month', '2026-02-30')).toThrow('not a date');
  });

  it('stops the current period at today, and a period to come is today alone', () => {
    expect(span(calendarPeriod('month', '2026-12-03', '2026-12-07', PARIS))).toBe('2026-12-01..2026-12-07');
    expect(span(calendarPeriod('quarter', '2026-11-15', '2026-12-07', PARIS))).toBe('2026-10-01..2026-12-07');
    expect(span(calendarPeriod('month', '2026-10-15', '2026-12-07', PARIS))).toBe('2026-10-01..2026-10-31');
    expect(span(calendarPeriod('year', '2027-03-01', '2026-12-07', PARIS))).toBe('2026-12-07..2026-12-07');
  });

  it('gives local midnights as the bounds', () => {
    const october = calendarPeriod('month', '2026-10-10', '2026-12-07', PARIS);
    expect(october.start.toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(october.end.toISOString()).toBe('2026-10-31T23:00:00.000Z'); // winter time from 25 October
  });

  it('moves by whole units across years', () => {
    expect(shiftCalendar('month', '2026-01-20', -1)).toBe('2025-12-01');
    expect(shiftCalendar('month', '2026-12-20', 1)).toBe('2027-01-01');
    expect(shiftCalendar('quarter', '2026-02-10', -1)).toBe('2025-10-01');
    expect(shiftCalendar('quarter', '2026-11-10', 1)).toBe('2027-01-01');
    expect(shiftCalendar('year', '2026-06-01', -2)).toBe('2024-01-01');
  });

  it('lists the twelve months of a trend, the last one up to the day given', () => {
    const months = monthsEnding('2026-12-07', 12, PARIS);
    expect(months.map(span)).toEqual([
      '2026-01-01..2026-01-31',
      '2026-02-01..2026-02-28',
      '2026-03-01..2026-03-31',
      '2026-04-01..2026-04-30',
      '2026-05-01..2026-05-31',
      '2026-06-01..2026-06-30',
      '2026-07-01..2026-07-31',
      '2026-08-01..2026-08-31',
      '2026-09-01..2026-09-30',
      '2026-10-01..2026-10-31',
      '2026-11-01..2026-11-30',
      '2026-12-01..2026-12-07',
    ]);
    expect(monthsEnding('2026-02-28', 2, PARIS).map(span)).toEqual([
      '2026-01-01..2026-01-31',
      '2026-02-01..2026-02-28',
    ]);
    // A whole month's previous period is the month before, as `relance kpi` compares them.
    expect(span(previousPeriod(months[2], PARIS))).toBe(span(months[1]));
    expect(() => monthsEnding('2026-12-07', 0, PARIS)).toThrow('not a number of months');
  });
});
