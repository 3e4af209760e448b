import { DomainError } from '../../core/errors/domain-error';
import { channelOfPath, parseTemplateSource } from './template-definition';

describe('template definitions', () => {
  it('reads the channel from the library folder and fills layout texts from the defaults', () => {
    const definition = parseTemplateSource({
      reference: 'templates/letters/x.hbs',
      text: '---\nobjective: sale\nsubject: Offre\ncoupon:\n  title: Oui\n  options:\n    - A\n    - B\n---\nCorps\n',
      defaults: { ps_label: 'P.S.', subject: 'ignored: the template has its own' },
    });
    expect(definition).toMatchObject({
      channel: 'letter', objective: 'sale', marketing: true,
      fields: { subject: { text: 'Offre', line: 3 }, ps_label: { text: 'P.S.', origin: 'defaults' } },
      coupon: { title: { text: 'Oui', line: 5 }, options: [{ text: 'A', line: 7 }, { text: 'B', line: 8 }] },
      body: { text: 'Corps\n', line: 10 },
    });
  });

  it('treats information messages as non-marketing', () => {
    expect(parseTemplateSource({ reference: 'templates/email/x.mjml', text: '---\nobjective: information\n---\n' }).marketing).toBe(false);
    expect(parseTemplateSource({ reference: 'templates/sms/x.hbs', text: '---\nobjective: information\nmarketing: "true"\n---\n' }).marketing).toBe(true);
  });

  it('refuses a channel that contradicts the folder, and a template without front matter', () => {
    expect(() => parseTemplateSource({ reference: 'templates/sms/x.hbs', text: '---\nchannel: email\n---\n' })).toThrow(DomainError);
    expect(() => parseTemplateSource({ reference: 'templates/sms/x.hbs', text: 'Bonjour' })).toThrow(/starts with a `---` front matter/);
    expect(() => parseTemplateSource({ reference: 'stored', text: '---\nobjective: sale\n---\n' })).toThrow(/cannot tell the channel/);
  });

  it('knows the library folders', () => {
    expect(channelOfPath('templates/letters/winback.hbs')).toBe('letter');
    expect(channelOfPath('/srv/app/templates/email/birthday.mjml')).toBe('email');
    expect(channelOfPath('elsewhere/x.hbs')).toBeUndefined();
  });
});
