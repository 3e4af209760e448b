import fc from 'fast-check';
import { normaliseContact, typeAttributeValue } from './contact-fields';
import { parseAmount } from './normalisation/amount';
import { normaliseCountry } from './normalisation/country';
import { parseInstant } from './normalisation/dates';
import { normaliseEmail } from './normalisation/email';
import { FieldError } from './normalisation/field-error';
import { normalisePhone } from './normalisation/phone';

const context = { defaultCountry: 'FR' as const, today: new Date('2026-11-25T12:00:00Z') };

describe('normaliseContact', () => {
  it('normalises every standard field', () => {
    const result = normaliseContact(
      {
        external_id: ' C-1 ',
        type: 'Particulier',
        civility: 'madame',
        first_name: '  Hélène ',
        last_name: 'Lefèvre',
        email: ' Helene.Lefevre@Exemple.FR ',
        phone: '06 12 34 56 78',
        postal_code: '1000',
        city: 'Bourg-en-Bresse',
        country: 'France',
        birth_date: '29/02/1984',
        locale: 'fr_FR',
        timezone: 'Europe/Paris',
        loyalty_card_expires_on: '2027-01-31',
        attributes: {
          'Points fidélité': '1 250',
          'Client depuis': '12/03/2019',
          Commentaire: 'très fidèle',
          Code: '00123',
          VIP: 'oui',
        },
      },
      context,
    );
    expect('row' in result && result.row).toEqual({
      external_id: 'C-1',
      type: 'person',
      civility: 'Mme',
      first_name: 'Hélène',
      last_name: 'Lefèvre',
      company_name: null,
      job_title: null,
      email: 'helene.lefevre@exemple.fr',
      phone: '+33612345678',
      address_line1: null,
      address_line2: null,
      postal_code: '01000',
      city: 'Bourg-en-Bresse',
      region: null,
      country: 'FR',
      birth_date: '1984-02-29',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      loyalty_card_expires_on: '2027-01-31',
      contract_renews_on: null,
      attributes: {
        points_fidelite: '1 250',
        client_depuis: '2019-03-12',
        commentaire: 'très fidèle',
        code: '00123',
        vip: true,
      },
    });
  });

  it('reads national phone numbers in the contact country', () => {
    const result = normaliseContact({ external_id: 'M1', country: 'MA', phone: '0661234567' }, context);
    expect('row' in result && result.row.phone).toBe('+212661234567');
  });

  it('reports every problem of a row with its field', () => {
    const result = normaliseContact(
      { external_id: 'X', email: 'pas-un-mail', birth_date: '31/02/1990', phone: '12', country: 'Atlantide' },
      context,
    );
    expect('problems' in result && result.problems.map((p) => p.field).sort()).toEqual([
      'birth_date',
      'country',
      'email',
      'phone',
    ]);
  });

  it('refuses line breaks and control characters in fields that reach headers', () => {
    const result = normaliseContact({ external_id: 'X', first_name: 'x\r\nBcc: a@b.c' }, context);
    expect('problems' in result && result.problems).toEqual([
      { field: 'first_name', reason: expect.stringContaining('line break') },
    ]);
  });

  it('requires external_id', () => {
    const result = normaliseContact({ first_name: 'A' }, context);
    expect('problems' in result && result.problems).toEqual([{ field: 'external_id', reason: 'is required' }]);
  });

  it('never lets a CR, LF or NUL through any text field (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\r', '\n', '\u0000'), fc.string(), (before, bad, after) => {
        const value = `${before}${bad}${after}`;
        for (const field of ['first_name', 'last_name', 'company_name', 'city', 'address_line1', 'civility'] as const) {
          const result = normaliseContact({ external_id: 'X', [field]: value }, context);
          if ('row' in result) {
            const stored = result.row[field];
            if (stored !== null && (/[\r\n]/.test(stored) || stored.includes('\u0000'))) return false;
          }
        }
        return true;
      }),
    );
  });
});

describe('normaliseEmail', () => {
  it.each([
    ['Jean.Dupont@Example.com', 'jean.dupont@example.com'],
    ['contact@café.fr', 'contact@café.fr'],
    ['a+tag@sub.domaine.ma', 'a+tag@sub.domaine.ma'],
    ['x@xn--caf-dma.fr', 'x@xn--caf-dma.fr'],
  ])('accepts %s', (raw, expected) => expect(normaliseEmail(raw)).toBe(expected));

  it.each(['jean', 'jean@', '@x.fr', 'jean@localhost', 'jean dupont@x.fr', 'a@b..fr', 'a@-b.fr', 'a@b.c'])(
    'refuses %s',
    (raw) => expect(() => normaliseEmail(raw)).toThrow(FieldError),
  );
});

describe('normalisePhone', () => {
  it.each([
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+33 (0)6 12 34 56 78', 'FR', '+33612345678'],
    ['0033612345678', 'FR', '+33612345678'],
    ['06-61-23-45-67', 'MA', '+212661234567'],
    ['+212 5 22 12 34 56', 'FR', '+212522123456'],
  ])('%s in %s → %s', (raw, region, expected) => expect(normalisePhone(raw, region as 'FR')).toBe(expected));

  it('refuses letters and impossible numbers', () => {
    expect(() => normalisePhone('06 CALL ME', 'FR')).toThrow(FieldError);
    expect(() => normalisePhone('123', 'FR')).toThrow(FieldError);
  });
});

describe('countries, amounts and instants', () => {
  it.each([
    ['fr', 'FR'],
    ['Maroc', 'MA'],
    ['Morocco', 'MA'],
    ['Belgique', 'BE'],
    ['Côte d’Ivoire', 'CI'],
    ['ÉTATS-UNIS', 'US'],
  ])('%s → %s', (raw, code) => expect(normaliseCountry(raw)).toBe(code));

  it.each([
    ['1 234,56', 1234.56],
    ['1234.5', 1234.5],
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['12', 12],
    ['-3,5', -3.5],
    ['1\u202F000,00', 1000],
  ])('%s → %s', (raw, value) => expect(parseAmount(raw)).toBe(value));

  it('refuses ambiguous or non-numeric amounts', () => {
    for (const raw of ['12 €', 'abc', '1,2,3', '']) expect(() => parseAmount(raw)).toThrow(FieldError);
  });

  it('reads instants with an offset, in the default zone, and French dates', () => {
    expect(parseInstant('2026-03-14T10:30:00+01:00', 'Europe/Paris').toISOString()).toBe('2026-03-14T09:30:00.000Z');
    expect(parseInstant('2026-07-14T10:30:00', 'Europe/Paris').toISOString()).toBe('2026-07-14T08:30:00.000Z');
    expect(parseInstant('14/07/2026 10h30', 'Africa/Casablanca').toISOString()).toBe('2026-07-14T09:30:00.000Z');
    expect(parseInstant('2026-01-05', 'Europe/Paris').toISOString()).toBe('2026-01-04T23:00:00.000Z');
  });
});

describe('typeAttributeValue', () => {
  it('types numbers, dates and yes/no, keeps identifiers with leading zeros as text', () => {
    expect(typeAttributeValue('42')).toBe(42);
    expect(typeAttributeValue('3,5')).toBe(3.5);
    expect(typeAttributeValue('0612')).toBe('0612');
    expect(typeAttributeValue('2026-01-31')).toBe('2026-01-31');
    expect(typeAttributeValue('31/01/2026')).toBe('2026-01-31');
    expect(typeAttributeValue('Non')).toBe(false);
    expect(typeAttributeValue('Paris')).toBe('Paris');
  });
});

describe('phone fast path', () => {
  const { normalisePhoneWithLibrary } =
    jest.requireActual<typeof import('./normalisation/phone')>('./normalisation/phone');
  const digits = (min: number, max: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
  const formatted = fc
    .tuple(
      fc.constantFrom('', '0', '06', '07', '05', '+33', '+33 6', '0033', '+212', '+212 6', '00212'),
      digits(7, 10),
      fc.constantFrom('', ' ', '.', '-'),
    )
    .map(([prefix, number, separator]) => prefix + number.replace(/(\d\d)(?=\d)/g, `$1${separator}`));

  it('agrees with libphonenumber on every plainly written number (property)', () => {
    let valid = 0;
    fc.assert(
      fc.property(formatted, fc.constantFrom('FR', 'MA', 'BE'), (raw, region) => {
        let ours: string | undefined;
        try {
          ours = normalisePhone(raw, region);
        } catch (error) {
          if (!(error instanceof FieldError)) throw error;
        }
        if (ours) valid++;
        return ours === normalisePhoneWithLibrary(raw, region);
      }),
      { numRuns: 20000 },
    );
    // The generator must reach the fast path often, or the property proves nothing.
    expect(valid).toBeGreaterThan(1000);
  });

  it('reads names from input as its own table entries only (constructor, toString, __proto__)', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const typed = normaliseContact({ external_id: 'P1', type: name }, context);
      expect(typed).toEqual({ problems: [{ field: 'type', reason: `must be person or company (got "${name}")` }] });
      const titled = normaliseContact({ external_id: 'P1', civility: name }, context);
      expect('row' in titled && titled.row.civility).toBe(name);
    }
  });

  it('bounds custom attributes: 10,000 characters a value, 100 a name, 200 a contact', () => {
    const accepted = normaliseContact({ external_id: 'B1', attributes: { note: 'x'.repeat(10_000) } }, context);
    expect('row' in accepted && (accepted.row.attributes.note as string).length).toBe(10_000);
    expect(normaliseContact({ external_id: 'B1', attributes: { note: 'x'.repeat(2_000_000) } }, context)).toEqual({
      problems: [{ field: 'attr.note', reason: 'at most 10000 characters (got 2000000)' }],
    });
    expect(normaliseContact({ external_id: 'B1', attributes: { ['n'.repeat(101)]: 'x' } }, context)).toEqual({
      problems: [{ field: `attr.${'n'.repeat(40)}…`, reason: 'attribute names have at most 100 characters' }],
    });
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`a${i}`, i]));
    expect(normaliseContact({ external_id: 'B1', attributes: many }, context)).toEqual({
      problems: [{ field: 'attributes', reason: 'at most 200 custom attributes per contact (got 201)' }],
    });
    delete many.a200;
    expect('row' in normaliseContact({ external_id: 'B1', attributes: many }, context)).toBe(true);
  });
});
