import fc from 'fast-check';
import { isSmtpReady } from '../../core/smtp/smtp-data';
import { DomainError } from '../../core/errors/domain-error';
import { parseTemplateSource } from '../../templates/source/template-definition';
import { readMime } from '../../templates/email/mime-reader';
import {
  prepareEmail,
  renderEmail,
  renderEmailMessage,
  withTrackedVariant,
} from '../../templates/email/email-template';
import { isBuiltMimeMessage } from '../../templates/email/mime-message';

const SOURCE = `---
objective: loyalty
subject: Joyeux anniversaire {{first_name}} !
preheader: Un cadeau vous attend, {{first_name}}
---
<mjml>
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Bonjour {{first_name}}, votre remise de {{money campaign.data.amount}} vous attend.</mj-text>
      <mj-button href="{{response_url}}">J'en profite</mj-button>
      <mj-text><a href="{{unsubscribe_url}}">Se désinscrire</a></mj-text>
    </mj-column></mj-section>
    {{#if attr.vip}}<mj-text>VIP</mj-text>{{/if}}
  </mj-body>
</mjml>
`;

const data = {
  first_name: 'Zoé <b>',
  campaign: { data: { amount: 20 } },
  currency: 'EUR',
  response_url: 'https://r.example/r?c=A&b=1',
  unsubscribe_url: 'https://r.example/u/x',
};

describe('e-mail templates', () => {
  const definition = parseTemplateSource({ reference: 'templates/email/test.mjml', text: SOURCE });

  it('compiles MJML once, then merges subject, preheader, HTML and text per recipient', async () => {
    const prepared = await prepareEmail(definition, 'seed');
    const rendered = renderEmail(prepared, data);
    expect(rendered.subject).toBe('Joyeux anniversaire Zoé <b> !');
    expect(rendered.preheader).toBe('Un cadeau vous attend, Zoé <b>');
    expect(rendered.html).toContain('Bonjour Zoé &lt;b&gt;, votre remise de 20\u00a0€ vous attend.');
    expect(rendered.html).toContain('href="https://r.example/r?c&#x3D;A&amp;b&#x3D;1"');
    expect(rendered.html).toMatch(/display:none[^>]*>Un cadeau vous attend, Zoé &lt;b&gt;</);
    expect(rendered.text).toContain('Bonjour Zoé <b>, votre remise de 20\u00a0€ vous attend.');
    expect(rendered.text).toContain("J'en profite (https://r.example/r?c=A&b=1)");
    expect(rendered.text).not.toContain('Un cadeau vous attend');
  });

  it('reports what MJML dropped (Handlebars between components)', async () => {
    const prepared = await prepareEmail(definition, 'seed');
    expect(prepared.droppedExpressions).toEqual(['{{#if attr.vip}}', '{{/if}}']);
  });

  it('builds the MIME message from pre-encoded parts that decode to the same HTML and text', async () => {
    const prepared = await prepareEmail(definition, 'seed');
    const rendered = renderEmail(prepared, data);
    const message = renderEmailMessage(prepared, data, {
      from: 'contact@maison-atlas.example',
      to: 'zoe@exemple.fr',
      messageId: 'm1@relance.example',
    });
    const { parts } = readMime(message.toString('utf8'));
    expect(parts[0]).toEqual({ type: 'text/plain', body: rendered.text });
    expect(parts[1]).toEqual({ type: 'text/html', body: rendered.html });
  });

  it('fails on a missing variable, naming it and its line in the MJML file', async () => {
    const prepared = await prepareEmail(definition, 'seed');
    const { first_name: _, ...withoutName } = data;
    expect(() => renderEmail(prepared, withoutName)).toThrow(
      'templates/email/test.mjml, line 3 (subject): {{first_name}} has no value',
    );
    expect(() => renderEmail(prepared, { ...data, campaign: { data: {} } })).toThrow(
      'templates/email/test.mjml, line 9 (body): {{campaign.data.amount}} has no value',
    );
  });

  it('renders the tracked variant only when given tokens; the untracked message is unchanged', async () => {
    const prepared = withTrackedVariant(await prepareEmail(definition, 'seed'), 'https://t.example');
    expect(prepared.tracked!.links).toEqual(['{{response_url}}']);
    const headers = { from: 'contact@maison-atlas.example', to: 'zoe@exemple.fr', messageId: 'm1@relance.example' };
    const plain = readMime(renderEmailMessage(prepared, data, headers).toString('utf8')).parts[1].body;
    expect(plain).toBe(renderEmail(prepared, data).html);
    const tracked = readMime(
      renderEmailMessage(prepared, data, headers, { open: 'OPEN-token', links: ['LINK-token'] }).toString('utf8'),
    ).parts[1].body;
    expect(tracked).toContain('href="https://t.example/t/c/LINK-token"');
    expect(tracked).toContain('<img src="https://t.example/t/o/OPEN-token.gif"');
    expect(tracked).toContain('href="https://r.example/u/x"');
    expect(tracked).not.toContain('r.example/r?c');
  });

  it('always builds valid SMTP DATA, whatever the merged data holds (line breaks, dots, CRLF.CRLF)', async () => {
    // The SMTP transport sends built messages without scanning them: the guarantee is checked here.
    const prepared = withTrackedVariant(await prepareEmail(definition, 'seed'), 'https://t.example');
    const hostile = fc.string({
      unit: fc.oneof(
        fc.constantFrom('\r\n.\r\n', '\n.\n', '\r.', '.', '..', '\r', '\n', ' ', '=', 'é', '😀', '\u0000'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
      ),
      maxLength: 40,
    });
    fc.assert(
      fc.property(hostile, hostile, fc.boolean(), (name, display, tracked) => {
        const recipient = { ...data, first_name: name || 'x' };
        let message: Buffer;
        try {
          message = renderEmailMessage(
            prepared,
            recipient,
            {
              from: 'contact@maison-atlas.example',
              to: { name: display, address: 'zoe@exemple.fr' },
              messageId: 'm1@relance.example',
            },
            tracked ? { open: 'O', links: ['L'] } : undefined,
          );
        } catch (error) {
          // A line break or NUL in a header value is refused (header injection), never sent.
          expect(error).toBeInstanceOf(DomainError);
          // eslint-disable-next-line no-control-regex -- NUL is the character refused in header values
          expect(/[\r\n\u0000]/.test(display) || /[\u0000]/.test(name)).toBe(true);
          return;
        }
        expect(isBuiltMimeMessage(message)).toBe(true);
        expect(isSmtpReady(message, false)).toBe(true);
        const { parts } = readMime(message.toString('utf8'));
        // Line breaks are CRLF on the wire and read back as LF: the text is otherwise the same.
        expect(parts[0].body).toBe(renderEmail(prepared, recipient).text.replace(/\r\n/g, '\n'));
      }),
      { numRuns: 300 },
    );
  });
});
