import { copyName, templateGroups, type StoredItem } from './template-list-view';

const stored = (
  id: string,
  name: string,
  channel: 'letter' | 'email',
  source: string,
  libraryPath: string | null = null,
  errors = 0,
): StoredItem => ({
  template: { id, name, channel, libraryPath, currentVersion: 2, updatedAt: new Date('2026-12-01T10:00:00Z') },
  version: { source, lint: { errors: Array.from({ length: errors }, () => ({})), warnings: [] } },
});

describe('templateGroups', () => {
  it('puts the library and the stored templates in one list by channel, then by use, library first', () => {
    const groups = templateGroups(
      [
        {
          reference: 'templates/letters/winback.hbs',
          channel: 'letter',
          title: 'Reconquête',
          objective: 'reactivation',
        },
        { reference: 'templates/letters/birthday.hbs', channel: 'letter', title: 'Anniversaire', objective: 'loyalty' },
        { reference: 'templates/email/birthday.mjml', channel: 'email', title: 'Anniversaire', objective: 'loyalty' },
      ],
      [
        stored('a', 'Ma reconquête', 'letter', '---\nobjective: reactivation\n---\nx', null, 1),
        stored('b', 'Épinglé', 'letter', '---\nobjective: loyalty\n---\nx', 'templates/letters/birthday.hbs'),
        stored('c', 'Illisible', 'letter', 'no front matter'),
      ],
    );
    expect(groups.map((group) => [group.label, group.count])).toEqual([
      ['E-mail', 1],
      ['Courrier', 5],
    ]);
    const letters = groups[1];
    expect(letters.uses.map((use) => use.label)).toEqual(['Fidélisation', 'Réactivation', 'Objectif illisible']);
    expect(letters.uses[0].rows.map((row) => [row.kind, row.title, row.editable, row.duplicable])).toEqual([
      ['library', 'Anniversaire', false, true],
      ['stored', 'Épinglé', false, false],
    ]);
    expect(letters.uses[1].rows[1]).toMatchObject({
      key: 'a',
      href: '/modeles/a',
      errors: 1,
      editable: true,
      version: 2,
    });
    expect(letters.uses[2].rows.map((row) => row.title)).toEqual(['Illisible']);
  });

  it('names a duplicate after the library title', () => {
    expect(copyName({ reference: 'r', channel: 'letter', title: 'Anniversaire' }, 'r')).toBe('Anniversaire (copie)');
    expect(copyName(undefined, 'templates/letters/x.hbs')).toBe('templates/letters/x.hbs (copie)');
  });
});
