import { CONTACTS_SPEC } from './importers/contacts.importer';
import { PURCHASES_SPEC } from './importers/purchases.importer';
import { MappingError, parseMapOption, planColumns } from './column-mapping';

const targets = (headers: string[], map?: string, spec = CONTACTS_SPEC) =>
  planColumns(headers, spec, parseMapOption(map)).map((plan) => plan.target);

describe('planColumns', () => {
  it('maps canonical names, French headers and unknown columns to attributes', () => {
    expect(
      targets([
        'Code client',
        'Prénom',
        'Nom',
        'E-mail',
        'Téléphone',
        'Code postal',
        'Ville',
        'Région',
        'Date de naissance',
        "Fréquence d'achat",
      ]),
    ).toEqual([
      { kind: 'field', field: 'external_id' },
      { kind: 'field', field: 'first_name' },
      { kind: 'field', field: 'last_name' },
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'phone' },
      { kind: 'field', field: 'postal_code' },
      { kind: 'field', field: 'city' },
      { kind: 'field', field: 'region' },
      { kind: 'field', field: 'birth_date' },
      { kind: 'attribute', name: 'frequence_d_achat' },
    ]);
  });

  it('applies --map to fields, attributes and ignored columns', () => {
    expect(targets(['Réf', 'Courriel pro', 'Notes'], 'Réf=external_id,Courriel pro=email,Notes=-')).toEqual([
      { kind: 'field', field: 'external_id' },
      { kind: 'field', field: 'email' },
      { kind: 'ignored' },
    ]);
    expect(targets(['external_id', 'Points'], 'points=attr.points_fidelite')[1]).toEqual({
      kind: 'attribute',
      name: 'points_fidelite',
    });
  });

  it('collects every header problem at once', () => {
    try {
      planColumns(['Nom', 'nom', 'x'], PURCHASES_SPEC, parseMapOption('absent=email,x=nowhere'));
      throw new Error('expected a MappingError');
    } catch (error) {
      expect(error).toBeInstanceOf(MappingError);
      const problems = (error as MappingError).problems.join('\n');
      expect(problems).toMatch(/unknown purchases field "nowhere"/);
      expect(problems).toMatch(/no column "absent"/);
      expect(problems).toMatch(/missing required column external_id/);
      expect(problems).toMatch(/missing required column order_id/);
    }
  });

  it('refuses two columns for one field', () => {
    expect(() => targets(['external_id', 'email', 'Courriel'])).toThrow(/both map to email/);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses --map city=%s like any unknown field (not an inherited name)',
    (target) => {
      expect(() => targets(['external_id', 'city'], `city=${target}`)).toThrow(
        new RegExp(`unknown contacts field "${target}"`),
      );
      expect(() =>
        targets(['external_id', 'order_id', 'ordered_at', 'amount', 'x'], `x=${target}`, PURCHASES_SPEC),
      ).toThrow(/unknown purchases field/);
    },
  );

  it('refuses a file with more attribute columns than a contact may hold', () => {
    const headers = ['external_id', ...Array.from({ length: 201 }, (_, i) => `colonne ${i}`)];
    expect(() => targets(headers)).toThrow(/201 columns would become custom attributes: at most 200 per contact/);
    expect(targets(headers, 'colonne 0=-')).toHaveLength(202);
  });
});
