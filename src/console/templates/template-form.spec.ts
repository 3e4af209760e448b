import { DomainError } from '../../core/errors/domain-error';
import { fileName, formList, formText, importInput, letterFromForm } from './template-form';

const refused = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind} ${error.details?.fields?.[0]?.field}`;
    throw error;
  }
  return undefined;
};

describe('template forms', () => {
  it('reads texts and repeated fields, and refuses what is not text naming the field', () => {
    expect(formText({ a: 'x\r\ny' }, 'a')).toBe('x\ny');
    expect(formText({}, 'a')).toBe('');
    expect(refused(() => formText({ a: ['x'] }, 'a'))).toBe('invalid a');
    expect(formList({ p: 'un' }, 'p')).toEqual(['un']);
    expect(formList({ p: ['un', 'deux'] }, 'p')).toEqual(['un', 'deux']);
    expect(formList({ p: { 10: 'b', 2: 'a' } }, 'p')).toEqual(['a', 'b']);
    expect(refused(() => formList({ p: [{}] }, 'p'))).toBe('invalid p');
  });

  it('checks an imported file: name, channel and text', () => {
    expect(importInput({ nom: ' Lettre ', canal: 'letter', fichier: '---\n---\n' })).toEqual({
      name: 'Lettre',
      channel: 'letter',
      source: '---\n---\n',
    });
    expect(refused(() => importInput({ nom: 'x', canal: 'fax', fichier: 'x' }))).toBe('invalid canal');
    expect(refused(() => importInput({ nom: '', canal: 'sms', fichier: 'x' }))).toBe('invalid nom');
    expect(refused(() => importInput({ nom: 'x', canal: 'sms', fichier: ' ' }))).toBe('invalid fichier');
  });

  it('writes the letter the editor posted over the settings of its base', () => {
    const base =
      '---\n# Données : voucher\ntitle: Ancien\nobjective: sale\nsample:\n  campaign:\n    data:\n      voucher: "5"\n---\nAncien texte\n';
    const { source } = letterFromForm({
      base,
      titre: 'Nouveau',
      objectif: 'reactivation',
      accroche: 'Vous nous manquez',
      paragraphe: ['Madame,', '', 'Un **bon** pour vous.'],
      ps: 'Vite',
      coupon_titre: 'Oui',
      coupon_option: ['Je viens', ''],
    });
    expect(source).toBe(
      '---\n# Données : voucher\ntitle: "Nouveau"\nobjective: "reactivation"\naccroche: "Vous nous manquez"\nps: "Vite"\ncoupon:\n  title: "Oui"\n  options:\n    - "Je viens"\nsample:\n  campaign:\n    data:\n      voucher: "5"\n---\nMadame,\n\nUn **bon** pour vous.\n',
    );
    expect(refused(() => letterFromForm({ base: '---\nx\n---\n' }))).toBe('invalid base');
  });

  it('names the exported file without anything to quote', () => {
    expect(fileName('Réconquête « été » (copie)', 'letter')).toBe('reconquete-ete-copie.hbs');
    expect(fileName('<img src=x>', 'email')).toBe('img-src-x.mjml');
    expect(fileName('«»', 'sms')).toBe('modele.hbs');
  });
});
