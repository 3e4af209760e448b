import fc from 'fast-check';
import { formatPostalAddress, MAX_ADDRESS_LINES, MAX_LINE_LENGTH, postalCapitals, wrapAddressLine } from './postal-address';

describe('postal addresses', () => {
  it('writes a French address to the rules: identity, complement, street, POSTAL CODE CITY', () => {
    expect(formatPostalAddress({ civility: 'Mme', first_name: 'Hélène', last_name: 'Lefèvre', address_line1: '12, rue de la République', address_line2: 'Bâtiment B', postal_code: '69002', city: "L'Île-d'Abeau", country: 'FR' }, 'FR')).toEqual({
      lines: ['Mme Hélène Lefèvre', 'Bâtiment B', '12 rue de la République', '69002 L ILE-D ABEAU'],
      problems: [],
    });
  });

  it('adds the country in capitals for mail abroad, and puts post-office boxes after the street', () => {
    expect(formatPostalAddress({ civility: 'M.', first_name: 'Karim', last_name: 'Bennani', address_line1: '27 boulevard d’Anfa', address_line2: 'BP 2045', postal_code: '20000', city: 'Casablanca', country: 'MA' }, 'FR').lines).toEqual([
      'M. Karim Bennani', '27 boulevard d’Anfa', 'BP 2045', '20000 CASABLANCA', 'MAROC',
    ]);
  });

  it('puts a company first, then the person', () => {
    expect(formatPostalAddress({ type: 'company', company_name: 'Atlas Distribution SARL', civility: 'Mme', first_name: 'Nadia', last_name: 'Alaoui', address_line1: '5 rue Ibn Batouta', postal_code: '10000', city: 'Rabat', country: 'MA' }, 'MA').lines).toEqual([
      'Atlas Distribution SARL', 'Mme Nadia Alaoui', '5 rue Ibn Batouta', '10000 RABAT',
    ]);
  });

  it('shortens long names and streets before wrapping them', () => {
    const address = formatPostalAddress({ civility: 'Mme', first_name: 'Marie-Françoise', last_name: 'de La Tour d’Auvergne-Lauragais', address_line1: '143 boulevard du Général de Gaulle prolongé', postal_code: '13008', city: 'Marseille', country: 'FR' }, 'FR');
    expect(address.lines).toEqual(['M.-F. de La Tour d’Auvergne-Lauragais', '143 Bd du Général de Gaulle prolongé', '13008 MARSEILLE']);
  });

  it('reports what makes an address unusable', () => {
    expect(formatPostalAddress({ last_name: 'X', city: 'Lyon', country: 'FR' }, 'FR').problems).toEqual(['no street address (address_line1)', 'no postal code']);
  });

  it('never exceeds 6 lines of 38 characters, and ends with the postal code and city in capitals (or the country)', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }).map((value) => value.replace(/\s+/g, ' ').trim()).filter((value) => value !== '');
    fc.assert(
      fc.property(text, text, text, fc.option(text), fc.stringMatching(/^\d{5}$/), text, fc.constantFrom('FR', 'MA', 'BE', 'ES'), (first, last, street, complement, postalCode, city, country) => {
        const address = formatPostalAddress({ first_name: first, last_name: last, address_line1: street, address_line2: complement, postal_code: postalCode, city, country }, 'FR');
        if (address.problems.length) return;
        expect(address.lines.length).toBeLessThanOrEqual(MAX_ADDRESS_LINES);
        for (const line of address.lines) expect(line.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
        const locality = country === 'FR' ? address.lines[address.lines.length - 1] : address.lines[address.lines.length - 2];
        expect(locality.startsWith(postalCode)).toBe(true);
        expect(locality).toBe(postalCapitals(locality));
      }),
    );
  });

  it('wraps at spaces, cutting only words longer than a line', () => {
    expect(wrapAddressLine('Résidence des Jardins de la Médina, escalier C')).toEqual(['Résidence des Jardins de la Médina,', 'escalier C']);
    expect(wrapAddressLine('x'.repeat(40))).toEqual(['x'.repeat(38), 'xx']);
  });
});
