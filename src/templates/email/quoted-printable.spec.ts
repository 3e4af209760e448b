import fc from 'fast-check';
import { decodeQuotedPrintable, encodeQuotedPrintableSegment } from './quoted-printable';

describe('quoted-printable segments', () => {
  it('encodes what must be encoded and keeps lines at most 76 characters long', () => {
    expect(encodeQuotedPrintableSegment('')).toBe('');
    expect(encodeQuotedPrintableSegment('Bonjour')).toBe('Bonjour=\r\n');
    expect(encodeQuotedPrintableSegment('a=b é €')).toBe('a=3Db =C3=A9 =E2=82=AC=\r\n');
    expect(encodeQuotedPrintableSegment('fin \nligne')).toBe('fin=20\r\nligne=\r\n');
    expect(encodeQuotedPrintableSegment('.\n.suite')).toBe('=2E\r\n=2Esuite=\r\n');
    // A dot that a soft line break pushes to the start of the next line is encoded too: an SMTP
    // server would take a leading dot for dot-stuffing and drop it.
    expect(encodeQuotedPrintableSegment(`${'a'.repeat(75)}.b`)).toBe(`${'a'.repeat(75)}=\r\n=2Eb=\r\n`);
  });

  it('decodes back to the text, whatever the text, and concatenates segment by segment', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.oneof(fc.constantFrom('.', 'a', 'é', '\n.'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 240, size: 'max' }).map((text) => text.replace(/\r/g, '')), { maxLength: 5 }), (pieces) => {
        const encoded = pieces.map(encodeQuotedPrintableSegment).join('');
        expect(decodeQuotedPrintable(encoded)).toBe(pieces.join(''));
        expect(encoded).toMatch(/^[\x20-\x7E\r\n]*$/);
        for (const line of encoded.split('\r\n')) {
          expect(line.length).toBeLessThanOrEqual(76);
          expect(line).not.toMatch(/[ \t]$/);
          expect(line.startsWith('.')).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
