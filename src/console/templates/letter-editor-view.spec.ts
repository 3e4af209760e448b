import type { LintReport } from '../../templates/lint/lint-rules';
import { letterStructure } from '../../templates/source/letter-structure';
import { letterEditorView, mergeFields, placeFindings, printedToForm } from './letter-editor-view';

describe('placeFindings', () => {
  it('puts each finding next to the part of the letter it concerns', () => {
    const report: LintReport = {
      errors: [
        { rule: 'accroche-missing', message: 'no accroche' },
        { rule: 'coupon-missing', message: 'no coupon' },
      ],
      warnings: [
        { rule: 'paragraph-too-long', message: 'paragraph 4 takes 7 lines', at: { part: 'body', paragraph: 4 } },
        { rule: 'sentence-too-long', message: 'long', at: { part: 'ps' } },
        { rule: 'subject-too-long', message: 'subject' },
        { rule: 'vous-missing', message: 'no vous' },
        { rule: 'sentence-too-long', message: 'beyond', at: { part: 'body', paragraph: 9 } },
      ],
    };
    // The second form paragraph has two bullets: printed paragraph 4 is the third form paragraph.
    const placed = placeFindings(report, ['Madame,', '- un\n- deux', 'Long texte', '']);
    expect(placed.accroche.map((f) => [f.rule, f.severity])).toEqual([['accroche-missing', 'error']]);
    expect(placed.coupon.map((f) => f.rule)).toEqual(['coupon-missing']);
    expect(placed.paragraphs.map((list) => list.map((f) => f.rule))).toEqual([[], [], ['paragraph-too-long'], []]);
    expect(placed.ps.map((f) => f.rule)).toEqual(['sentence-too-long']);
    expect(placed.subject.map((f) => f.rule)).toEqual(['subject-too-long']);
    expect(placed.general.map((f) => f.detail)).toEqual(['no vous', 'beyond']);
    expect(placed.accroche[0].label).toContain('accroche');
  });

  it('counts a bulleted form paragraph as the printed paragraphs it makes', () => {
    expect(printedToForm(['a', '- b\n- c\nsuite', '', 'd'])).toEqual([0, 1, 1, 1, 3]);
  });
});

describe('mergeFields', () => {
  it('offers every value of the data with its sample, grouped', () => {
    const groups = mergeFields({
      first_name: 'Salma',
      empty: '',
      attr: { points: 1250, nested: { deep: { deeper: 'x' } } },
      purchases: { count_24m: 7 },
      campaign: { data: { voucher_amount: '200' } },
      sender: { name: 'Maison Atlas' },
      list: ['a'],
      'bad key': 'x',
    });
    expect(
      groups.map((group) => [group.group, group.fields.map((field) => `${field.expression}=${field.sample}`)]),
    ).toEqual([
      ['Client', ['{{first_name}}=Salma']],
      ['Attributs du client', ['{{attr.points}}=1250']],
      ['Achats (24 mois)', ['{{purchases.count_24m}}=7']],
      ['Campagne', ['{{campaign.data.voucher_amount}}=200']],
      ['Expéditeur', ['{{sender.name}}=Maison Atlas']],
    ]);
  });
});

describe('letterEditorView', () => {
  it('gives the form its parts and one empty paragraph and option to add', () => {
    const structure = letterStructure(
      '---\nobjective: sale\naccroche: A\ncoupon:\n  title: Oui\n  options:\n    - Un\n---\nP1\n\nP2\n',
    );
    const view = letterEditorView(structure, placeFindings({ errors: [], warnings: [] }, structure.paragraphs));
    expect(view.paragraphs.map((p) => [p.number, p.text, p.added])).toEqual([
      [1, 'P1', false],
      [2, 'P2', false],
      [3, '', true],
    ]);
    expect(view.couponOptions.map((o) => o.text)).toEqual(['Un', '']);
    expect(view.objectives.find((o) => o.selected)?.value).toBe('sale');
    expect(view.objectiveUnknown).toBe(false);
  });
});
