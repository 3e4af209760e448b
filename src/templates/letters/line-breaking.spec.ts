import fc from 'fast-check';
import { letterFonts } from './letter-fonts';
import { breakLines } from './line-breaking';
import { parseMarkup } from './light-markup';

describe('line breaking', () => {
  const { measurer } = letterFonts();
  const runs = (text: string) => parseMarkup(text)[0].runs;

  it('fills lines up to the width and keeps every word, in order', () => {
    // Widths from 130 pt: twelve capital Ws (the widest word generated) take about 120.
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zàéèêçA-Z€0-9]{1,12}$/), { minLength: 1, maxLength: 60 }), fc.integer({ min: 130, max: 470 }), (words, width) => {
        const lines = breakLines(runs(words.join(' ')), width, 10.5, measurer);
        expect(lines.map((line) => line.segments.map((segment) => segment.text).join('').trim()).join(' ')).toBe(words.join(' '));
        for (const line of lines) expect(line.width).toBeLessThanOrEqual(width + 0.01);
      }),
    );
  });

  it('cuts a word only when it is wider than a whole line', () => {
    const lines = breakLines(runs('ab WWWWWWWWWWWW cd'), 80, 10.5, measurer);
    expect(lines.map((line) => line.segments.map((segment) => segment.text).join(''))).toEqual(['ab', 'WWWWWWWW', 'WWWW cd']);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(80);
  });

  it('never starts a line with French high punctuation', () => {
    for (let width = 100; width < 300; width += 3) {
      const lines = breakLines(runs('Avez-vous une question ? Appelez-nous : nous sommes là ! « Merci » ; à bientôt'), width, 10.5, measurer);
      for (const line of lines) expect(line.segments[0].text).not.toMatch(/^[?!:;»]/);
    }
  });

  it('keeps styles on their words', () => {
    const [line] = breakLines(runs('un **bon** de __200 €__'), 400, 10.5, measurer);
    expect(line.segments.map((segment) => [segment.text, segment.style, segment.underline])).toEqual([
      ['un ', 'regular', false], ['bon ', 'bold', false], ['de ', 'regular', false], ['200 €', 'regular', true],
    ]);
  });
});
