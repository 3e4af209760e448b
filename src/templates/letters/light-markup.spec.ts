import fc from 'fast-check';
import { escapeMarkup } from '../engine/handlebars-environment';
import { parseInline, parseMarkup, plainText } from './light-markup';

describe('light markup', () => {
  it('reads paragraphs, bold, underline and bullets', () => {
    const paragraphs = parseMarkup('Madame,\n\nNous vous offrons **un bon** de __200 €__,\nvalable **__un mois__**.\n\n- premier point\n- second\n  suite\nFin.');
    expect(paragraphs.map((paragraph) => [paragraph.kind, plainText(paragraph)])).toEqual([
      ['paragraph', 'Madame,'],
      ['paragraph', 'Nous vous offrons un bon de 200 €, valable un mois.'],
      ['bullet', 'premier point'],
      ['bullet', 'second suite'],
      ['paragraph', 'Fin.'],
    ]);
    expect(paragraphs[1].runs).toEqual([
      { text: 'Nous vous offrons ', bold: false, underline: false },
      { text: 'un bon', bold: true, underline: false },
      { text: ' de ', bold: false, underline: false },
      { text: '200 €', bold: false, underline: true },
      { text: ', valable ', bold: false, underline: false },
      { text: 'un mois', bold: true, underline: true },
      { text: '.', bold: false, underline: false },
    ]);
  });

  it('prints a marker without its closing twin as written, and honours escapes and line breaks', () => {
    expect(plainText(parseMarkup('5 ** 2 et __x')[0])).toBe('5 ** 2 et __x');
    expect(plainText(parseMarkup('\\*\\*pas gras\\*\\*')[0])).toBe('**pas gras**');
    expect(plainText(parseMarkup('ligne un\\\nligne deux')[0])).toBe('ligne un\nligne deux');
    expect(parseInline('**Offre** spéciale')).toEqual([{ text: 'Offre', bold: true, underline: false }, { text: ' spéciale', bold: false, underline: false }]);
  });

  it('keeps any escaped value as literal text: data never becomes markup', () => {
    // Line breaks and tabs in data are white space in a paragraph.
    const asPrinted = (value: string) => value.replace(/[\t\r\n\u0085\u2028\u2029]/g, ' ');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((value) => asPrinted(value).trim() === asPrinted(value) && !/ {2}/.test(asPrinted(value)) && value !== ''), (value) => {
        const [paragraph] = parseMarkup(`Bonjour ${escapeMarkup(value)} !`);
        expect(plainText(paragraph)).toBe(`Bonjour ${asPrinted(value)} !`);
        expect(paragraph.runs.every((run) => !run.bold && !run.underline)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
