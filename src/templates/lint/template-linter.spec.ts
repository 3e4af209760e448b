import { buildRecipientData } from '../engine/recipient-data';
import { letterFonts } from '../letters/letter-fonts';
import type { Channel } from '../source/template-definition';
import type { LintRuleId } from './lint-rules';
import { lintTemplate, withSample } from './template-linter';

const sampleData = buildRecipientData(
  { external_id: 'S', type: 'person', civility: 'Mme', first_name: 'Salma', last_name: 'Benjelloun', address_line1: '45 rue Ibnou Mounir', postal_code: '20330', city: 'Casablanca', country: 'MA' },
  { sender: { name: 'Maison Atlas', place: 'Casablanca', signatory_name: 'Y. El Amrani' }, publicUrl: 'https://r.example', today: '2026-11-22', defaultCurrency: 'MAD', responseCode: 'EXEMPLE-0000', unsubscribeUrl: 'https://r.example/u/x' },
);
const defaults = { place_date: '{{sender.place}}, le {{date today}}', subject_label: 'Objet :', ps_label: 'P.S.', coupon_heading: 'COUPON', cut_line: 'Découpez', opt_out: 'Stop', return_label: 'À :', response_code_label: 'Code :', page_label: 'Page' };

async function rules(channel: Channel, text: string): Promise<{ errors: LintRuleId[]; warnings: LintRuleId[] }> {
  const { report } = await lintTemplate(
    { reference: `templates/x/${channel}`, text, channel, defaults: channel === 'letter' ? defaults : channel === 'sms' ? { opt_out: 'STOP au 36180' } : {} },
    { measurer: letterFonts().measurer, sampleData, renderOptions: { defaultCountry: 'MA', publicUrl: 'https://r.example' }, seed: 's' },
  );
  return { errors: report.errors.map((issue) => issue.rule), warnings: report.warnings.map((issue) => issue.rule) };
}

describe('the template linter', () => {
  it('passes a letter that follows the rules', async () => {
    const letter = `---\nobjective: loyalty\nsubject: Votre carte\naccroche: Vos points vous attendent\nps: Pensez-y avant la fin du mois.\n---\n{{salutation}},\n\nVotre carte arrive à échéance. Vous gardez tous vos points.\n`;
    expect(await rules('letter', letter)).toEqual({ errors: [], warnings: [] });
  });

  it('requires an accroche and a coupon for a reactivation letter, and warns without P.S.', async () => {
    const result = await rules('letter', `---\nobjective: reactivation\n---\nVous nous manquez.\n`);
    expect(result.errors).toEqual(['accroche-missing', 'coupon-missing']);
    expect(result.warnings).toEqual(['ps-missing']);
  });

  it('measures paragraphs and sentences of the rendered letter', async () => {
    const long = 'Nous vous remercions de votre fidélité et nous souhaitons vous faire profiter de nos nouveautés. '.repeat(6);
    const sentence = `Vous ${'et encore '.repeat(14)}fin.`;
    const result = await rules('letter', `---\nobjective: information\naccroche: Bonjour\nps: Merci\n---\n${long}\n\n${sentence}\n`);
    expect(result.warnings).toEqual(['paragraph-too-long', 'sentence-too-long']);
  });

  it('says which part of a letter a copy finding is in: the paragraph as printed, the accroche, the P.S.', async () => {
    const long = 'Nous vous remercions de votre fidélité et nous souhaitons vous faire profiter de nos nouveautés. '.repeat(6);
    const sentence = `Vous ${'et encore '.repeat(14)}fin.`;
    const { report } = await lintTemplate(
      { reference: 'templates/x/letter', text: `---\nobjective: information\naccroche: "${sentence}"\nps: "${sentence}"\n---\nBonjour,\n\n- un\n- deux\n\n${long}\n`, channel: 'letter', defaults },
      { measurer: letterFonts().measurer, sampleData, renderOptions: { defaultCountry: 'MA', publicUrl: 'https://r.example' }, seed: 's' },
    );
    expect(report.warnings.map((issue) => [issue.rule, issue.at])).toEqual([
      ['paragraph-too-long', { part: 'body', paragraph: 4 }],
      ['sentence-too-long', { part: 'accroche' }],
      ['sentence-too-long', { part: 'ps' }],
    ]);
  });

  it('checks objectives, variables, helpers and unsafe output', async () => {
    const result = await rules('letter', `---\nobjective:\n  - sale\n  - launch\naccroche: "{{frist_name}}"\nps: "{{constructor.name}}"\ncolour: blue\n---\n{{json attr}} {{> footer}}\n`);
    expect(result.errors).toEqual(['one-objective', 'syntax']);
    const noHelper = await rules('letter', `---\nobjective: sale\naccroche: "{{frist_name}}"\nps: "{{attr.__proto__}}"\ncolour: blue\ncoupon:\n  title: Oui\n---\nVous {{> footer}}\n`);
    expect(noHelper.errors.sort()).toEqual(['partial', 'unknown-variable', 'unsafe-variable']);
    expect(noHelper.warnings).toContain('unknown-setting');
  });

  it('refuses raw output of anything but the sender and campaign named in full', async () => {
    const probe = 'A:{{#with first_name}}{{{this}}}{{/with}} B:{{#with attr as |sender|}}{{{sender.note}}}{{/with}} C:{{#with last_name}}{{{.}}}{{/with}}';
    const body = `<mjml><mj-body><mj-section><mj-column><mj-text>Vous ${probe} {{{sender.name}}} {{{first_name}}}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const result = await rules('email', `---\nobjective: information\nsubject: Votre demande\npreheader: x\n---\n${body}`);
    expect(result.errors).toEqual(['raw-output', 'raw-output', 'raw-output', 'raw-output']);
  });

  it('knows a service message\'s request data, and refuses to print it raw (issue 15, item 2)', async () => {
    const sample = 'sample:\n  request:\n    complaint_subject: Colis perdu\n';
    const body = (text: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>Vous : ${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const template = (text: string) => `---\nobjective: information\nsubject: Votre demande\npreheader: x\n${sample}---\n${body(text)}`;
    expect(await rules('email', template('{{request.complaint_subject}}'))).toEqual({ errors: [], warnings: [] });
    expect((await rules('email', template('{{{request.complaint_subject}}} {{& @root.request.complaint_subject}}'))).errors).toEqual(['raw-output', 'raw-output']);
  });

  it('renders the sample\'s campaign data raw, and warns about a raw name an automation\'s trigger sets (issue 15, item 2)', async () => {
    const body = (text: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>Vous : ${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const template = (text: string) => `---\nobjective: information\nsubject: Votre commande\npreheader: x\nsample:\n  campaign:\n    data:\n      block: <b>offre</b>\n      order_id: A-1\n---\n${body(text)}`;
    // The template's own sample is the author's: raw output may print it in the sample render.
    expect(await rules('email', template('{{{campaign.data.block}}} {{campaign.data.order_id}}'))).toEqual({ errors: [], warnings: [] });
    expect(await rules('email', template('{{{campaign.data.order_id}}}'))).toEqual({ errors: [], warnings: ['raw-trigger-data'] });
  });

  it('requires the unsubscribe link in marketing e-mails, not in information ones', async () => {
    const body = '<mjml><mj-body><mj-section><mj-column><mj-text>Votre offre {{first_name}}</mj-text></mj-column></mj-section></mj-body></mjml>';
    expect((await rules('email', `---\nobjective: sale\nsubject: Votre offre\npreheader: x\n---\n${body}`)).errors).toEqual(['unsubscribe-missing']);
    expect((await rules('email', `---\nobjective: information\nsubject: Votre demande\npreheader: x\n---\n${body}`)).errors).toEqual([]);
  });

  it('stops shouting subjects and warns about long ones', async () => {
    const body = '<mjml><mj-body><mj-section><mj-column><mj-text>Vous <a href="{{unsubscribe_url}}">désinscrire</a></mj-text></mj-column></mj-section></mj-body></mjml>';
    const shouting = await rules('email', `---\nobjective: sale\nsubject: PROMOTION EXCEPTIONNELLE !!!\npreheader: x\n---\n${body}`);
    expect(shouting.errors).toEqual(['subject-shouting', 'subject-shouting']);
    const long = await rules('email', `---\nobjective: sale\nsubject: ${'Une offre pour vous '.repeat(4)}\npreheader: x\n---\n${body}`);
    expect(long.warnings).toEqual(['subject-too-long']);
  });

  it('checks SMS encoding, length and sender', async () => {
    const result = await rules('sms', `---\nobjective: sale\n---\n${'Fête des mères : votre remise vous attend en boutique. '.repeat(3)}`);
    expect(result.warnings).toEqual(['sms-unicode', 'sms-length', 'sms-sender']);
  });

  it('checks call scripts for the CROC plan and the usual branches', async () => {
    const result = await rules('phone', `---\nobjective: reactivation\n---\n[contact] Bonjour\nBonjour, vous allez bien ?\n[reason] Raison\nVotre avis.\n[odd] ?\nx\n`);
    expect(result.errors).toEqual(['croc-section-missing', 'croc-section-missing']);
    expect(result.warnings.filter((rule) => rule === 'branch-missing')).toHaveLength(6);
    expect(result.warnings).toContain('unknown-section');
  });

  it('merges the template sample into the sample data', () => {
    expect(withSample({ campaign: { id: 'c', data: { a: 1 } } }, { campaign: { data: { b: '2' } } })).toEqual({ campaign: { id: 'c', data: { a: 1, b: '2' } } });
  });
});
