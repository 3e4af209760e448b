import { DomainError } from '../../core/errors/domain-error';
import { buildMimeMessage, createMimeLayout, encodeHeaderText, formatMailbox, headerLine, type MessageHeaders } from './mime-message';
import { decodeWords, readMime } from './mime-reader';
import { encodeQuotedPrintableSegment } from './quoted-printable';

describe('MIME messages', () => {
  const layout = createMimeLayout('seed');

  it('assembles headers and two quoted-printable alternatives that decode to the bodies', () => {
    const message = buildMimeMessage(
      layout,
      { subject: 'Joyeux anniversaire Zoé !', text: encodeQuotedPrintableSegment('Bonjour Zoé,\nà bientôt'), html: encodeQuotedPrintableSegment('<p>Bonjour Zoé</p>') },
      {
        from: { name: 'Maison Atlas', address: 'contact@maison-atlas.example' },
        to: { name: 'Zoé Lefèvre', address: 'zoe@exemple.fr' },
        replyTo: 'service@maison-atlas.example',
        messageId: 'd-123@relance.example',
        date: new Date('2026-11-22T08:00:00Z'),
        listUnsubscribe: '<https://relance.example/u/abc>, <mailto:unsubscribe@maison-atlas.example?subject=abc>',
        listUnsubscribePost: 'List-Unsubscribe=One-Click',
        extra: { 'X-Relance-Delivery': 'd-123' },
      },
    ).toString('utf8');
    expect(message).toMatch(/^[\x20-\x7E\r\n]*$/);
    for (const line of message.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const { headers, parts } = readMime(message);
    expect(headers).toMatchObject({
      'from': 'Maison Atlas <contact@maison-atlas.example>',
      'reply-to': '<service@maison-atlas.example>',
      'message-id': '<d-123@relance.example>',
      'date': 'Sun, 22 Nov 2026 08:00:00 +0000',
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'mime-version': '1.0',
      'x-relance-delivery': 'd-123',
    });
    expect(decodeWords(headers.subject)).toBe('Joyeux anniversaire Zoé !');
    expect(decodeWords(headers.to)).toBe('Zoé Lefèvre<zoe@exemple.fr>');
    expect(headers['list-unsubscribe']).toBe('<https://relance.example/u/abc>, <mailto:unsubscribe@maison-atlas.example?subject=abc>');
    expect(parts).toEqual([{ type: 'text/plain', body: 'Bonjour Zoé,\nà bientôt' }, { type: 'text/html', body: '<p>Bonjour Zoé</p>' }]);
  });

  it('refuses CR, LF and NUL in any header value', () => {
    const bodies = { subject: 'S', text: '', html: '' };
    const base = { from: 'a@b.example', to: 'c@d.example', messageId: 'x@y' };
    const cases: MessageHeaders[] = [
      { ...base, to: { name: 'Eve\r\nBcc: victim@x.example', address: 'c@d.example' } },
      { ...base, messageId: 'x@y\nBcc: v@x' },
      { ...base, listUnsubscribe: '<https://x>\u0000' },
      { ...base, extra: { 'X-A': 'a\rb' } },
      { ...base, extra: { 'Bad Name': 'a' } },
    ];
    for (const headers of cases) {
      expect(() => buildMimeMessage(layout, bodies, headers)).toThrow(DomainError);
    }
  });

  it('encodes non-ASCII header text in words of at most 75 characters', () => {
    const encoded = encodeHeaderText('é'.repeat(100));
    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded.replace(/\r\n /g, ''))).toBe('é'.repeat(100));
    expect(encodeHeaderText('plain ASCII')).toBe('plain ASCII');
    expect(formatMailbox('To', { name: 'Dupont, Jean', address: 'j@exemple.fr' })).toBe('"Dupont, Jean" <j@exemple.fr>');
    expect(formatMailbox('To', { address: 'ines@exemple-é.fr' })).toBe('<ines@xn--exemple--i1a.fr>');
    const folded = headerLine('List-Unsubscribe', `<https://relance.example/u/${'a'.repeat(70)}>, <mailto:u@x.example>`);
    expect(folded.split('\r\n')).toEqual(['List-Unsubscribe:', ` <https://relance.example/u/${'a'.repeat(70)}>,`, ' <mailto:u@x.example>', '']);
  });
});
