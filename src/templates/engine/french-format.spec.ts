import fc from 'fast-check';
import { compileTemplate } from './handlebars-environment';
import { formatDate, formatMoney, formatPlural, parseDateValue, salutationFor } from './french-format';

describe('French formatting', () => {
  it('writes dates the French way, with "1er"', () => {
    expect(formatDate(new Date('2026-11-22T00:00:00Z'))).toBe('22 novembre 2026');
    expect(formatDate(new Date('2026-11-01T00:00:00Z'), 'full')).toBe('dimanche 1er novembre 2026');
    expect(formatDate(new Date('2026-11-01T00:00:00Z'), 'short')).toBe('01/11/2026');
    expect(formatDate(new Date('2026-11-01T00:00:00Z'), 'month')).toBe('novembre 2026');
    expect(formatDate(new Date('2026-11-01T00:00:00Z'), 'day')).toBe('1er novembre');
  });

  it('reads calendar dates as that day wherever the reader is, and refuses impossible ones', () => {
    expect(parseDateValue('2026-02-29')).toBeUndefined();
    expect(parseDateValue('22/11/2026')).toBeUndefined();
    const instant = parseDateValue('2026-11-22T23:30:00Z')!;
    expect(formatDate(instant.date, 'long', { dateOnly: false, timeZone: 'UTC' })).toBe('22 novembre 2026');
    expect(formatDate(instant.date, 'long', { dateOnly: false, timeZone: 'Europe/Paris' })).toBe('23 novembre 2026');
  });

  it('formats euros in fr-FR and dirhams in fr-MA, whole amounts without decimals', () => {
    expect(formatMoney(1234.5, 'EUR')).toBe('1\u202f234,50\u00a0€');
    expect(formatMoney(200, 'EUR')).toBe('200\u00a0€');
    expect(formatMoney(1234.5, 'MAD')).toBe('1.234,50\u00a0MAD');
    expect(formatMoney(1234.5, 'EUR', 'fr-MA')).toBe('1.234,50\u00a0€');
  });

  it('uses the singular for 0 and 1, as French does', () => {
    expect(formatPlural(0, 'point', 'points')).toBe('0 point');
    expect(formatPlural(1, 'point', 'points')).toBe('1 point');
    expect(formatPlural(1250, 'point', 'points')).toBe('1\u202f250 points');
    expect(formatPlural(2, 'point', 'points', false)).toBe('points');
  });

  it('greets by civility', () => {
    expect(salutationFor('Mme')).toBe('Madame');
    expect(salutationFor('M.')).toBe('Monsieur');
    expect(salutationFor('Dr')).toBe('Docteur');
    expect(salutationFor(undefined)).toBe('Madame, Monsieur');
    expect(salutationFor('Excellence')).toBe('Madame, Monsieur');
  });

  it('never throws on any date it accepts', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        expect(formatDate(parseDateValue(iso)!.date)).toMatch(/^(1er|\d{1,2}) [a-zéû]+ \d{4}$/);
      }),
    );
  });

  it('salutes an unknown civility politely, even one named like an inherited property', () => {
    for (const civility of ['constructor', 'toString', '__proto__']) expect(salutationFor(civility)).toBe('Madame, Monsieur');
  });
});

describe('template helpers', () => {
  const render = (source: string, data: Record<string, unknown> = {}) => compileTemplate(source, 'text')(data);

  it('salutation follows the contact, or takes a civility', () => {
    expect(render('{{salutation}}', { civility: 'M.' })).toBe('Monsieur');
    expect(render('{{salutation}}', { type: 'company' })).toBe('Madame, Monsieur');
    expect(render('{{salutation "Mme"}}', {})).toBe('Madame');
  });

  it('date, money and plural take their values from the data', () => {
    expect(render('{{date d}} {{date d "short"}}', { d: '2026-12-01' })).toBe('1er décembre 2026 01/12/2026');
    expect(render('{{money amount}}', { amount: '99.9', currency: 'MAD' })).toBe('99,90\u00a0MAD');
    expect(render('{{money amount "EUR"}}', { amount: 12, currency: 'MAD' })).toBe('12\u00a0€');
    expect(render('{{plural n "bon" "bons"}}', { n: 3 })).toBe('3 bons');
  });

  it('default and if_eq accept missing values; the others refuse them', () => {
    expect(render('{{default first_name "cher client"}}', {})).toBe('cher client');
    expect(render('{{default first_name "cher client"}}', { first_name: 'Inès' })).toBe('Inès');
    expect(render('{{#if_eq civility "Mme"}}Chère{{else}}Cher{{/if_eq}}', { civility: 'Mme' })).toBe('Chère');
    expect(render('{{#if_eq missing "x"}}a{{else}}b{{/if_eq}}', {})).toBe('b');
    expect(() => render('{{upper x}}', {})).toThrow(/has no value/);
    expect(() => render('{{money x}}', { x: 'douze', currency: 'EUR' })).toThrow(/not an amount/);
    expect(() => render('{{date x "weekly"}}', { x: '2026-01-01' })).toThrow(/unknown style/);
  });
});
