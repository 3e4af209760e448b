import { CONTACTS_SPEC } from '../../imports/importers/contacts.importer';
import { PURCHASES_SPEC } from '../../imports/importers/purchases.importer';
import { analyseColumns } from '../../imports/column-mapping';
import type { ImportPreview } from '../../imports/import-preview';
import { columnProblemText, uploadErrorText } from './import-labels';
import { columnOptions, kindChoices, mappingFromForm, mappingView, targetValue } from './import-view';

function preview(header: string[], rows: string[][], spec = CONTACTS_SPEC): ImportPreview {
  const { plans, problems } = analyseColumns(header, spec, new Map());
  return { encoding: 'windows-1252', delimiter: ';', bytes: 120, header, rows, plans, problems };
}

describe('import mapping view', () => {
  const header = ['N° adhérent', 'Nom', 'Prénom', 'Courriel', ''];
  const rows = [
    ['A-1', 'Dupré', '', 'h@example.com', ''],
    ['A-2', 'Martin', 'Élodie', 'e@example.com', 'x'],
  ];

  it('shows what was read and proposes a target per column, a sample beside it', () => {
    const view = mappingView(
      { id: 'r1', kind: 'contacts', fileName: 'clients.csv' },
      preview(header, rows),
      CONTACTS_SPEC,
    );
    expect(view).toMatchObject({
      kind: 'Contacts (clients et prospects)',
      encoding: 'Windows-1252 (Excel sous Windows)',
      delimiter: 'point-virgule (;)',
      rows: [
        { line: 2, cells: rows[0] },
        { line: 3, cells: rows[1] },
      ],
      required: ['Identifiant client (external_id)'],
    });
    const chosen = view.columns.map((column) => [
      column.header,
      column.sample,
      column.options.find((option) => option.selected)?.value,
    ]);
    expect(chosen).toEqual([
      ['N° adhérent', 'A-1', 'attr.n_adherent'],
      ['Nom', 'Dupré', 'last_name'],
      ['Prénom', 'Élodie', 'first_name'],
      ['Courriel', 'h@example.com', 'email'],
      ['', 'x', '-'],
    ]);
    expect(view.problems).toEqual([
      'La colonne 5 n’a pas d’en-tête : choisissez « Ignorer » ou un champ pour elle.',
      'Champ obligatoire absent : Identifiant client (external_id). Choisissez la colonne qui le contient.',
    ]);
  });

  it('offers every field, an attribute named after the header (contacts only) and ignore', () => {
    const [plan] = analyseColumns(['Fidélité'], CONTACTS_SPEC, new Map()).plans;
    const values = columnOptions(plan, CONTACTS_SPEC).map((option) => option.value);
    expect(values).toEqual([...Object.keys(CONTACTS_SPEC.fields), 'attr.fidelite', '-']);
    const purchase = { index: 0, header: 'Remarque', target: { kind: 'ignored' as const } };
    expect(columnOptions(purchase, PURCHASES_SPEC).map((option) => option.value)).toEqual([
      ...Object.keys(PURCHASES_SPEC.fields),
      '-',
    ]);
    expect(targetValue({ kind: 'attribute', name: 'x' })).toBe('attr.x');
  });

  it('reads the form column by column and refuses a value that is not one of the choices', () => {
    const { plans } = analyseColumns(header, CONTACTS_SPEC, new Map());
    const body = {
      'colonne-0': 'external_id',
      'colonne-1': 'last_name',
      'colonne-2': 'first_name',
      'colonne-3': 'attr."><script>',
      'colonne-4': '-',
    };
    const { overrides, problems } = mappingFromForm(body, plans, CONTACTS_SPEC);
    expect([...overrides]).toEqual([
      ['N° adhérent', 'external_id'],
      ['Nom', 'last_name'],
      ['Prénom', 'first_name'],
      ['', '-'],
    ]);
    expect(problems).toEqual(['Colonne 4 « Courriel » : choisissez un champ, un attribut ou « Ignorer ».']);
    const fixed = analyseColumns(header, CONTACTS_SPEC, new Map([...overrides, ['Courriel', 'email']]));
    expect(fixed.problems).toEqual([]);
  });

  it('words a duplicate target, and each refused upload, in French', () => {
    const { problems } = analyseColumns(['Code client', 'E-mail', 'Courriel'], CONTACTS_SPEC, new Map());
    expect(problems.map(columnProblemText)).toEqual([
      'Les colonnes « E-mail » et « Courriel » alimentent toutes deux E-mail (email) : n’en gardez qu’une.',
    ]);
    expect(uploadErrorText('imports.not_csv', { byte: 9 })).toBe(
      'Ce n’est pas un fichier CSV : contenu binaire à l’octet 9 (un classeur Excel ? enregistrez-le au format CSV).',
    );
    expect(uploadErrorText('imports.too_large', { max_bytes: 2048 })).toContain('2\u202f048 octets');
    expect(kindChoices(['contacts', 'purchases', 'other'], 'purchases')).toEqual([
      { value: 'contacts', label: 'Contacts (clients et prospects)', selected: false },
      { value: 'purchases', label: 'Achats', selected: true },
      { value: 'other', label: 'other', selected: false },
    ]);
  });
});
