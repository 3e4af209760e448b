import fc from 'fast-check';
import { MISSING, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './french-figures';

const NARROW = '\u202f';
const NO_BREAK = '\u00a0';

describe('French figures', () => {
  it('writes money with grouped thousands, a decimal comma and the currency after', () => {
    expect(formatMoney(1234.5, 'MAD')).toBe(`1${NARROW}234,50${NO_BREAK}MAD`);
    expect(formatMoney('98765432.1', 'EUR')).toBe(`98${NARROW}765${NARROW}432,10${NO_BREAK}€`);
    expect(formatMoney(-12, 'EUR')).toBe(`-12,00${NO_BREAK}€`);
  });

  it('writes numbers and percentages the French way', () => {
    expect(formatNumber(1234567)).toBe(`1${NARROW}234${NARROW}567`);
    expect(formatNumber(3.14159, 2)).toBe('3,14');
    expect(formatPercent(0.123)).toBe(`12,3${NO_BREAK}%`);
    expect(formatPercent(1)).toBe(`100,0${NO_BREAK}%`);
  });

  it('writes dates as 7 déc. 2026 in the installation time zone', () => {
    expect(formatDate(new Date('2026-12-07T10:00:00Z'), 'Europe/Paris')).toBe('7 déc. 2026');
    expect(formatDate('2026-12-31T23:30:00Z', 'Europe/Paris')).toBe('1 janv. 2027');
    expect(formatDate('2026-12-31T23:30:00Z', 'UTC')).toBe('31 déc. 2026');
    expect(formatDateTime('2026-12-07T08:30:00Z', 'Europe/Paris')).toBe('7 déc. 2026, 09:30');
  });

  it('shows a dash for what is missing or not a number, never NaN', () => {
    for (const value of [null, undefined, '', 'abc', Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatNumber(value)).toBe(MISSING);
      expect(formatMoney(value, 'EUR')).toBe(MISSING);
      expect(formatPercent(value)).toBe(MISSING);
    }
    expect(formatDate('not a date', 'Europe/Paris')).toBe(MISSING);
  });

  it('never breaks a figure across lines (no ordinary space inside)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        (value) => !formatMoney(value, 'MAD').includes(' ') && !formatNumber(value).includes(' '),
      ),
    );
  });
});
