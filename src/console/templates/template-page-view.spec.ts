import { parseDiffChoice, templatePageView, type VersionInput } from './template-page-view';

const version = (
  number: number,
  source: string,
  actor: string | null,
  actorName: string | null,
  errors = 0,
): VersionInput => ({
  id: `v${number}`,
  version: number,
  source,
  lint: { errors: Array.from({ length: errors }, () => ({ rule: 'accroche-missing', message: 'm' })), warnings: [] },
  createdAt: new Date(`2026-12-0${number}T10:00:00Z`),
  actor,
  actorName,
});

describe('parseDiffChoice', () => {
  it('compares the one before the current with the current by default, or the versions asked', () => {
    expect(parseDiffChoice({}, [1, 2, 3])).toEqual({ choice: { from: 2, to: 3 }, problems: [] });
    expect(parseDiffChoice({ de: '1', a: '3' }, [1, 2, 3])).toEqual({ choice: { from: 1, to: 3 }, problems: [] });
    expect(parseDiffChoice({}, [1])).toEqual({ choice: null, problems: [] });
  });

  it('names the field of a version that does not exist', () => {
    expect(parseDiffChoice({ de: '9', a: 'x' }, [1, 2]).problems.map((problem) => problem.field)).toEqual(['de', 'a']);
    expect(parseDiffChoice({ de: ['1'] }, [1, 2]).choice).toBeNull();
  });
});

describe('templatePageView', () => {
  it('lists versions newest first with who saved each and which campaigns pinned it, and the diff', () => {
    const view = templatePageView(
      { id: 't', name: 'Lettre', channel: 'letter', libraryPath: null, currentVersion: 2 },
      [version(1, 'a\nb\n', 'user:1', 'Mona Marketer'), version(2, 'a\nc\n', 'cli', null, 1)],
      [
        { id: 'c1', kind: 'campaign', name: 'Relance', status: 'completed', position: 1, template_version_id: 'v1' },
        {
          id: 'a1',
          kind: 'automation',
          name: 'Anniversaires',
          status: 'running',
          position: 2,
          template_version_id: 'v1',
        },
      ],
      { from: 1, to: 2 },
    );
    expect(view.versions.map((row) => [row.version, row.who, row.current, row.errors, row.uses.length])).toEqual([
      [2, 'ligne de commande', true, 1, 0],
      [1, 'Mona Marketer', false, 0, 2],
    ]);
    expect(view.versions[1].uses.map((use) => [use.href, use.kind, use.step])).toEqual([
      ['/campagnes/c1', 'campagne', 1],
      ['/automatisations/a1', 'automatisation', 2],
    ]);
    expect(view.usedBy).toBe(2);
    expect(view.diff).toMatchObject({ from: 1, to: 2, added: 1, removed: 1, same: false });
    expect(view.diff!.lines.map((line) => [line.kind, line.old, line.new])).toEqual([
      ['same', 1, 1],
      ['removed', 2, null],
      ['added', null, 2],
    ]);
    expect(view.template.letterEditor).toBe(true);
  });

  it('says a library file pinned by relance was not saved by a person', () => {
    const view = templatePageView(
      { id: 't', name: 'f', channel: 'email', libraryPath: 'templates/email/x.mjml', currentVersion: 1 },
      [version(1, 'x', null, null)],
      [],
      null,
    );
    expect(view.versions[0].who).toBe('relance (fichier de la bibliothèque)');
    expect(view.diff).toBeNull();
    expect(view.template.letterEditor).toBe(false);
  });
});
