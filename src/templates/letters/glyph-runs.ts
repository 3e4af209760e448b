/**
 * The TJ operand (glyph ids and kerning) of a line of text in one embedded font of one PDF, cached:
 * a print batch sets the same words, and mostly the same lines, in every letter, and encoding them
 * through pdfkit each time was the largest part of a batch's time.
 *
 * Invariants (what keeps the file byte for byte what pdfkit's own encoding gives):
 * 1. A cache belongs to one pdfkit embedded font — one style of one document — because glyph ids
 *    are ids in that document's font subset: a WeakMap keyed by the font object, dropped with it.
 * 2. pdfkit lays text out word by word (a word ends just after a space or tab) and never kerns
 *    across words, so a line's glyphs and positions are its words', in order. A word's entry holds
 *    its glyph groups closed by a kerning adjustment, and the open group at its end, which the next
 *    word's first group continues; the line's last open group closes with a 0 adjustment.
 * 3. `font.encode` runs on a word's first use in the document only. It is also what adds glyphs to
 *    the subset (with their width and ToUnicode entry): first uses come in the order a whole-line
 *    encode would meet them, so the subset's ids, hence the file, are unchanged. Encoding a word
 *    again after a clear gives the same ids (already in the subset): harmless.
 * 4. A word with positioned marks (x or y offsets) has no TJ form: `lineCode` returns null and the
 *    caller draws the line through pdfkit's text().
 * 5. Bounded: a font's maps are cleared past MAX_ENTRIES entries each.
 * The benchmark that justifies it: `npm run bench letters` and `npm run bench render` (docs/benchmarks.md).
 */
export interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

/** The part of pdfkit's embedded font this uses (stable across pdfkit 0.x). */
export interface EncodingFont {
  encode(text: string): [string[], GlyphPosition[]];
}

interface WordCode {
  /** Glyph groups (hex ids) each closed by a kerning adjustment, with that adjustment as printed. */
  groups: string[];
  adjustments: string[];
  /** Hex ids after the last adjustment: continued by the next word. */
  open: string;
}

interface FontCache {
  lines: Map<string, string | null>;
  words: Map<string, WordCode | null>;
}

const MAX_ENTRIES = 50_000;
const caches = new WeakMap<EncodingFont, FontCache>();

/** Numbers as pdfkit's text writer printed them (three decimals, no trailing zeros). */
export const decimal = (value: number) => String(Math.round(value * 1000) / 1000);

function encodeWord(font: EncodingFont, word: string): WordCode | null {
  const [glyphs, positions] = font.encode(word);
  const code: WordCode = { groups: [], adjustments: [], open: '' };
  let start = 0;
  for (let index = 0; index < positions.length; index++) {
    const position = positions[index];
    if (position.xOffset || position.yOffset) return null;
    const kerning = position.xAdvance - position.advanceWidth;
    if (kerning !== 0) {
      code.groups.push(glyphs.slice(start, index + 1).join(''));
      code.adjustments.push(decimal(-kerning));
      start = index + 1;
    }
  }
  code.open = glyphs.slice(start).join('');
  return code;
}

function wordCode(cache: FontCache, font: EncodingFont, word: string): WordCode | null {
  let code = cache.words.get(word);
  if (code === undefined) {
    code = encodeWord(font, word);
    if (cache.words.size >= MAX_ENTRIES) cache.words.clear();
    cache.words.set(word, code);
  }
  return code;
}

function encodeLine(cache: FontCache, font: EncodingFont, text: string): string | null {
  const commands: string[] = [];
  let open = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char !== 32 && char !== 9 && index < text.length - 1) continue;
    const code = wordCode(cache, font, text.slice(start, index + 1));
    if (!code) return null;
    start = index + 1;
    for (let group = 0; group < code.groups.length; group++) {
      commands.push(`<${group === 0 ? open + code.groups[0] : code.groups[group]}> ${code.adjustments[group]}`);
      open = '';
    }
    open += code.open;
  }
  if (open) commands.push(`<${open}> 0`);
  return `[${commands.join(' ')}]`;
}

/** The line's TJ operand (`[<…> k …]`), or null when it has positioned marks. `text` is not empty. */
export function lineCode(font: EncodingFont, text: string): string | null {
  let cache = caches.get(font);
  if (!cache) {
    cache = { lines: new Map(), words: new Map() };
    caches.set(font, cache);
  }
  let code = cache.lines.get(text);
  if (code === undefined) {
    code = encodeLine(cache, font, text);
    if (cache.lines.size >= MAX_ENTRIES) cache.lines.clear();
    cache.lines.set(text, code);
  }
  return code;
}
