import { buildMimeMessage, createMimeLayout } from '../../templates/email/mime-message';
import { encodeQuotedPrintableSegment } from '../../templates/email/quoted-printable';
import { decodeEncodedWords, headerValue, readEml, readEmlHeaders } from './eml-reader';

describe('reading an .eml file back', () => {
  it('reads what relance writes: decoded headers, the text and the HTML alternatives', () => {
    const raw = buildMimeMessage(
      createMimeLayout('seed'),
      {
        subject: 'Vous nous manquez, Zoé ✨',
        text: encodeQuotedPrintableSegment('Bonjour Zoé, à bientôt.\r\n'),
        html: encodeQuotedPrintableSegment('<p>Bonjour Zoé, <b>à bientôt</b>.</p>'),
      },
      {
        from: { name: 'Maison Atlas', address: 'bonjour@maison-atlas.ma' },
        to: { name: '<img src=x onerror=alert(1)>', address: 'zoe@example.com' },
        messageId: '<d42.27aa4ded@maison-atlas.ma>',
        date: new Date('2026-03-01T09:30:00Z'),
        listUnsubscribe: '<https://relance.example/u/abc>',
      },
    );
    const read = readEml(raw);
    expect(headerValue(read.headers, 'subject')).toBe('Vous nous manquez, Zoé ✨');
    expect(headerValue(read.headers, 'To')).toBe('"<img src=x onerror=alert(1)>" <zoe@example.com>');
    expect(headerValue(read.headers, 'list-unsubscribe')).toBe('<https://relance.example/u/abc>');
    expect(headerValue(read.headers, 'date')).toBe('Sun, 01 Mar 2026 09:30:00 +0000');
    expect(read.text).toBe('Bonjour Zoé, à bientôt.\r\n');
    expect(read.html).toBe('<p>Bonjour Zoé, <b>à bientôt</b>.</p>');
    expect(readEmlHeaders(raw.subarray(0, raw.indexOf('\r\n\r\n') + 4))).toEqual(read.headers);
  });

  it('reads base64 and other charsets, nested multiparts, and skips attachments', () => {
    const html = Buffer.from('<p>Caf\xe9</p>', 'latin1').toString('base64');
    const raw = Buffer.from(
      [
        'Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=',
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        'preamble',
        '--outer',
        'Content-Type: multipart/alternative; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Caf=E9',
        '--inner',
        'Content-Type: text/html; charset="ISO-8859-1"',
        'Content-Transfer-Encoding: base64',
        '',
        html,
        '--inner--',
        '--outer',
        'Content-Type: text/html',
        'Content-Disposition: attachment; filename="a.html"',
        '',
        '<p>attachment</p>',
        '--outer--',
      ].join('\n'),
      'latin1',
    );
    const read = readEml(raw);
    expect(headerValue(read.headers, 'Subject')).toBe('Café crème');
    expect(read.text).toBe('Café');
    expect(read.html).toBe('<p>Café</p>');
  });

  it('gives what it can from a file that is not a message', () => {
    expect(readEml(Buffer.from('no headers at all'))).toEqual({ headers: [], text: 'no headers at all', html: null });
    expect(readEml(Buffer.from('Content-Type: multipart/alternative\r\n\r\nbody'))).toEqual({
      headers: [{ name: 'Content-Type', value: 'multipart/alternative' }],
      text: null,
      html: null,
    });
    expect(readEml(Buffer.alloc(0))).toEqual({ headers: [], text: '', html: null });
  });

  it('joins adjacent encoded-words and keeps text that only looks like one', () => {
    expect(decodeEncodedWords('=?UTF-8?B?Qm9uam91ciA=?= =?UTF-8?B?Wm/DqQ==?= !')).toBe('Bonjour Zoé !');
    expect(decodeEncodedWords('=?unknown-charset?Q?abc?=')).toBe('abc');
    expect(decodeEncodedWords('a =? b ?= c')).toBe('a =? b ?= c');
  });
});
