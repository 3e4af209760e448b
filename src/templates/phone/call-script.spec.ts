import { DomainError } from '../../core/errors/domain-error';
import { parseTemplateSource } from '../source/template-definition';
import { preparePhone, renderPhone, splitScript } from './call-script';

const SOURCE = `---
objective: reactivation
---
[contact] Prise de contact
Bonjour, {{salutation}} {{last_name}}. **{{sender.signatory_name}}**, de {{sender.name}}.

[reason] Raison de l'appel
Nous ne vous avons pas vu depuis le {{date purchases.last_at}}.

[branch:absent] Le décideur est absent
- Demander le meilleur moment pour rappeler.
- Noter le créneau.
`;

describe('call scripts', () => {
  it('splits sections with their keys and titles', () => {
    expect(splitScript('[contact] A\nx\n\n[branch:absent] B\ny', 5, 't').map((section) => [section.key, section.title, section.body.trim(), section.line])).toEqual([
      ['contact', 'A', 'x', 6],
      ['branch:absent', 'B', 'y', 9],
    ]);
    expect(() => splitScript('texte libre\n[contact] A', 5, 't')).toThrow(DomainError);
  });

  it('renders each section for the contact', () => {
    const prepared = preparePhone(parseTemplateSource({ reference: 'templates/phone/t.hbs', text: SOURCE }));
    const rendered = renderPhone(prepared, { last_name: 'Bennani', civility: 'M.', sender: { name: 'Maison Atlas', signatory_name: 'Yasmine' }, purchases: { last_at: '2026-03-14' } });
    expect(rendered.sections.map((section) => [section.key, section.title, section.text])).toEqual([
      ['contact', 'Prise de contact', 'Bonjour, Monsieur Bennani. Yasmine, de Maison Atlas.'],
      ['reason', "Raison de l'appel", 'Nous ne vous avons pas vu depuis le 14 mars 2026.'],
      ['branch:absent', 'Le décideur est absent', '- Demander le meilleur moment pour rappeler.\n- Noter le créneau.'],
    ]);
    expect(rendered.sections[0].paragraphs[0].runs.some((run) => run.bold && run.text === 'Yasmine')).toBe(true);
  });
});
