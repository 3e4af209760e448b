import fc from 'fast-check';
import { decodeQuotedPrintable, encodeQuotedPrintableSegment } from './quoted-printable';

describe('quoted-printable segments', () => {
  it('encodes what must be encoded and keeps lines at most 76 characters long', () => {
    expect(encodeQuotedPrintableSegment('')).toBe('');
    expect(encodeQuotedPrintableSegment('Bonjour')).toBe('Bonjour=\r\n');
    expect(encodeQuotedPrintableSegment('a=b é €')).toBe('a=3Db =C3=A9 =E2=82=AC=\r\n');
    expect(encodeQuotedPrintableSegment('fin \nligne')).toBe('fin=20\r\nligne=\r\n');
    expect(encodeQuotedPrintableSegment('.\n.suite')).toBe('=2E\r\n=2Esuite=\r\n');
  });

  it('decodes back to the text, whatever the text, and concatenates segment by segment', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }).map((text) => text.replace(/\r/g, '')), { maxLength: 5 }), (pieces) => {
        const encoded = pieces.map(encodeQuotedPrintableSegment).join('');
        expect(decodeQuotedPrintable(encoded)).toBe(pieces.join(''));
        expect(encoded).toMatch(/^[\x20-\x7E\r\n]*$/);
        for (const line of encoded.split('\r\n')) {
          expect(line.length).toBeLessThanOrEqual(76);
          expect(line).not.toMatch(/[ \t]$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});
