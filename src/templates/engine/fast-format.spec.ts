import fc from 'fast-check';
import { fastCalendarDate, fastCount, fastMoney } from './fast-format';

const intlDate = (iso: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('fr-FR', { ...options, timeZone: 'UTC' }).formatToParts(new Date(`${iso}T00:00:00Z`)).map((part) => (part.type === 'day' && part.value === '1' && !options.day?.toString().startsWith('2') ? '1er' : part.value)).join('');

describe('fast French formatting gives exactly what Intl gives', () => {
  it('for calendar dates in every style', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        expect(fastCalendarDate(iso, 'long')).toBe(intlDate(iso, { day: 'numeric', month: 'long', year: 'numeric' }));
        expect(fastCalendarDate(iso, 'full')).toBe(intlDate(iso, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }));
        expect(fastCalendarDate(iso, 'short')).toBe(intlDate(iso, { day: '2-digit', month: '2-digit', year: 'numeric' }));
        expect(fastCalendarDate(iso, 'month')).toBe(intlDate(iso, { month: 'long', year: 'numeric' }));
        expect(fastCalendarDate(iso, 'day')).toBe(intlDate(iso, { day: 'numeric', month: 'long' }));
      }),
    );
  });

  it('for amounts in EUR and MAD, fr-FR and fr-MA', () => {
    const amounts = fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 10_000_000 }).map((cents) => cents / 100));
    fc.assert(
      fc.property(amounts, fc.constantFrom('EUR', 'MAD'), fc.constantFrom('fr-FR' as const, 'fr-MA' as const), (amount, currency, locale) => {
        const whole = Number.isInteger(amount);
        const intl = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(amount);
        expect(fastMoney(amount, currency, locale)).toBe(intl);
      }),
      { numRuns: 2000 },
    );
    expect(fastMoney(-5, 'EUR', 'fr-FR')).toBeUndefined();
    expect(fastMoney(5, 'USD', 'fr-FR')).toBeUndefined();
  });

  it('for whole counts', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e14 }), (value) => expect(fastCount(value)).toBe(new Intl.NumberFormat('fr-FR').format(value))));
    expect(fastCount(1.5)).toBeUndefined();
  });
});
