import fc from 'fast-check';
import {
  addDays,
  ageOn,
  anniversaryMonthDays,
  daysBetween,
  daysToAnniversary,
  isIsoDate,
  localDate,
  monthDay,
  startOfDay,
} from './calendar';

describe('segment calendar', () => {
  it('recognises real calendar dates only', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
  });

  it('reads today in the company time zone', () => {
    const lateEvening = new Date('2026-12-31T23:30:00Z');
    expect(localDate(lateEvening, 'Europe/Paris')).toBe('2027-01-01');
    expect(localDate(lateEvening, 'UTC')).toBe('2026-12-31');
    expect(startOfDay('2026-07-01', 'Europe/Paris').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfDay('2026-01-01', 'Africa/Casablanca').toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('lists anniversary month-days across the year end', () => {
    expect(anniversaryMonthDays('2026-12-30', 3)).toEqual([101, 102, 1230, 1231]);
    expect(anniversaryMonthDays('2026-06-15', 0)).toEqual([615]);
  });

  it('celebrates 29 February on 28 February in common years only', () => {
    expect(anniversaryMonthDays('2027-02-27', 1)).toEqual([227, 228, 229]);
    expect(anniversaryMonthDays('2028-02-27', 1)).toEqual([227, 228]);
    expect(anniversaryMonthDays('2028-02-27', 2)).toEqual([227, 228, 229]);
    expect(daysToAnniversary('2000-02-29', '2027-02-28')).toBe(0);
    expect(daysToAnniversary('2000-02-29', '2028-02-28')).toBe(1);
    expect(daysToAnniversary('2000-02-29', '2027-03-01')).toBe(365);
    expect(daysToAnniversary('1990-01-02', '2026-12-30')).toBe(3);
  });

  it('agrees with itself: a date matches within n days exactly when its month-day is listed (property)', () => {
    const date = fc
      .date({ min: new Date('1950-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, fc.integer({ min: 0, max: 366 }), (birth, today, days) => {
        expect(anniversaryMonthDays(today, days).includes(monthDay(birth))).toBe(
          daysToAnniversary(birth, today) <= days,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('counts full years of age, 29 February birthdays turning older on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2027-02-28')).toBe(26);
    expect(ageOn('2000-02-29', '2027-03-01')).toBe(27);
    expect(ageOn('1980-06-15', '2026-06-14')).toBe(45);
    expect(ageOn('1980-06-15', '2026-06-15')).toBe(46);
  });

  it('adds and counts days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});
