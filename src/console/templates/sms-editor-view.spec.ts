import { buildRecipientData } from '../../templates/engine/recipient-data';
import { letterFonts } from '../../templates/letters/letter-fonts';
import { lintTemplate } from '../../templates/lint/template-linter';
import { callFromForm } from './call-editor-view';
import { measureView, parsePrice, smsCheckView, smsFromForm } from './sms-editor-view';

const a = (count: number) => 'a'.repeat(count);

describe('the SMS editor counter (the engine measure of the rendered text)', () => {
  it('counts GSM-7 at 160 for one SMS, 153 per segment after: 160/161, 306/307', () => {
    expect(measureView({ text: a(160) })).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, capacity: 160 });
    expect(measureView({ text: a(161) })).toMatchObject({ segments: 2, capacity: 306, part: 153 });
    expect(measureView({ text: a(306) })).toMatchObject({ segments: 2 });
    expect(measureView({ text: a(307) })).toMatchObject({ segments: 3, capacity: 459 });
  });

  it('counts the GSM extension characters twice (€ [ ] { } ~ ^ | \\)', () => {
    expect(measureView({ text: `${a(158)}€` })).toMatchObject({ characters: 159, units: 160, segments: 1 });
    expect(measureView({ text: `${a(159)}€` })).toMatchObject({ characters: 160, units: 161, segments: 2 });
    expect(measureView({ text: '[]{}~^|\\' })).toMatchObject({ encoding: 'GSM-7', units: 16 });
  });

  it('keeps é, è, à, ù, É in GSM-7, and names what forces UCS-2: ê, ç, ’, emoji (70/71, 134/135)', () => {
    expect(measureView({ text: 'Élégant, déjà là, où ? è' })).toMatchObject({ encoding: 'GSM-7', nonGsm: [] });
    expect(measureView({ text: `Fête${a(66)}` })).toMatchObject({
      encoding: 'UCS-2',
      ucs2: true,
      characters: 70,
      segments: 1,
      single: 70,
      nonGsm: [{ char: 'ê', code: 'U+00EA' }],
    });
    expect(measureView({ text: `Fête${a(67)}` })).toMatchObject({ segments: 2, part: 67, capacity: 134 });
    expect(measureView({ text: `ç${a(133)}` })).toMatchObject({ segments: 2 });
    expect(measureView({ text: `ç${a(134)}` })).toMatchObject({ segments: 3 });
    expect(measureView({ text: 'l’offre 🎂' }).nonGsm).toEqual([
      { char: '’', code: 'U+2019' },
      { char: '🎂', code: 'U+1F382' },
    ]);
  });
});

describe('the SMS editor form', () => {
  const base = '---\ntitle: Promo\nobjective: sale\n# une note\nsample:\n  campaign:\n    data:\n      x: "1"\n---\nAncien\n';

  it('keeps the sample and comments of the base, and writes no opt_out while the default mention is unchanged', () => {
    const { source } = smsFromForm({ base, titre: 'Promo', objectif: 'sale', texte: 'Nouveau', mention: 'STOP au 1', mention_defaut: 'STOP au 1' });
    expect(source).toBe('---\n# une note\ntitle: "Promo"\nobjective: "sale"\nsample:\n  campaign:\n    data:\n      x: "1"\n---\nNouveau\n');
    const emptied = smsFromForm({ base, titre: 'Promo', objectif: 'sale', texte: 'Nouveau', mention: '', mention_defaut: 'STOP au 1' });
    expect(emptied.source).toContain('opt_out: ""');
  });

  it('reads a price per segment written the French way, and says what is wrong otherwise', () => {
    expect(parsePrice('0,35')).toEqual({ value: 0.35, problem: null });
    expect(parsePrice(' ')).toEqual({ value: null, problem: null });
    expect(parsePrice('abc').problem).toMatch(/prix par segment/);
  });

  it('refuses a call-script line that would open a section, naming the field', () => {
    expect(() => callFromForm({ contact_titre: 'C', contact_texte: 'Bonjour\n[reason] x' })).toThrow(/contact_texte/);
  });
});

describe('the STOP mention of marketing SMS (lint rule sms-opt-out, an error: the launch refuses it)', () => {
  const sampleData = buildRecipientData(
    { external_id: 'S', type: 'person', first_name: 'Salma', phone: '+212600000000', country: 'MA' },
    { sender: { name: 'Maison Atlas' }, publicUrl: 'https://r.example', today: '2026-11-22', defaultCurrency: 'MAD', responseCode: 'EXEMPLE-0000', unsubscribeUrl: 'https://r.example/u/x' },
  );
  const lint = async (text: string) =>
    (
      await lintTemplate(
        { reference: 'templates/sms/x.hbs', text, channel: 'sms', defaults: { opt_out: 'STOP au 36180' } },
        { measurer: letterFonts().measurer, sampleData, renderOptions: { defaultCountry: 'MA', publicUrl: 'https://r.example' }, seed: 's' },
      )
    ).report;

  it('passes with the default mention, fails when the template empties it, and does not ask it of information SMS', async () => {
    expect((await lint('---\nobjective: sale\n---\n{{sender.name}} : -20 % pour vous.\n')).errors).toEqual([]);
    const emptied = await lint('---\nobjective: sale\nopt_out: ""\n---\n{{sender.name}} : -20 % pour vous.\n');
    expect(emptied.errors.map((issue) => issue.rule)).toEqual(['sms-opt-out']);
    const view = smsCheckView({ id: 'x', report: emptied, marketing: true, measure: null, problem: 'x', price: null, priceProblem: null, contact: '' });
    expect(view.optOut).toEqual({ needed: true, missing: true });
    expect(view.blockers.map((issue) => issue.rule)).toEqual(['sms-opt-out']);
    expect((await lint('---\nobjective: information\nopt_out: ""\n---\n{{sender.name}} : votre commande est prête.\n')).errors).toEqual([]);
  });
});
