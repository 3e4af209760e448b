import { completionFields, emailFindings, inboxLine } from './email-editor-view';

describe('emailFindings', () => {
  it('gives each finding its line in the editor, MJML problems apart from the copy', () => {
    const found = emailFindings(
      {
        errors: [
          { rule: 'syntax', message: 'unclosed {{#if}}', line: 20 },
          { rule: 'subject-missing', message: 'no subject' },
        ],
        warnings: [
          { rule: 'mjml', message: 'Element mj-colum does not exist', line: 17 },
          { rule: 'mjml', message: 'in the front matter', line: 3 },
        ],
      },
      12,
    );
    expect(found.source.map((item) => [item.rule, item.severity, item.line])).toEqual([
      ['syntax', 'error', 9],
      ['mjml', 'warning', 6],
      ['mjml', 'warning', null],
    ]);
    expect(found.copy).toEqual([
      { rule: 'subject-missing', severity: 'error', label: 'Pas d’objet', detail: 'no subject', line: null },
    ]);
  });
});

describe('inboxLine', () => {
  it('cuts the subject and preheader where a phone or a desktop client cuts them', () => {
    const subject = 'Votre carte Or expire bientôt : renouvelez-la et gardez vos avantages';
    const mobile = inboxLine('Maison Atlas', subject, 'Un   texte\ncourt', 'mobile');
    expect(mobile).toMatchObject({ subject: 'Votre carte Or expire bientôt : r…', subjectCut: true, preheader: 'Un texte court' });
    expect([...mobile.subject].length).toBe(34);
    expect(mobile.subjectLength).toBe([...subject].length);
    expect(inboxLine('Maison Atlas', subject, '', 'bureau')).toMatchObject({ subject, subjectCut: false });
    expect(inboxLine('Maison Atlas', '', '', 'bureau').subject).toBe('(sans objet)');
  });
});

describe('completionFields', () => {
  it('lists the data fields with their sample, the attributes found, then the helpers', () => {
    const fields = completionFields(
      [{ group: 'Client', fields: [{ path: 'first_name', expression: '{{first_name}}', sample: 'Salma' }] }],
      [
        { name: 'carte', type: 'text', values: ['Argent', 'Or'] },
        { name: 'points', type: 'number' },
        { name: 'bad"name', type: 'text' },
      ],
    );
    expect(fields.slice(0, 3)).toEqual([
      { label: 'first_name', detail: 'Salma', group: 'Client' },
      { label: 'attr.carte', detail: 'Argent, Or', group: 'Attributs du client' },
      { label: 'attr.points', detail: 'nombre', group: 'Attributs du client' },
    ]);
    expect(fields.some((field) => field.label.includes('bad'))).toBe(false);
    expect(fields.filter((field) => field.group === 'Fonctions').length).toBeGreaterThan(0);
  });
});
