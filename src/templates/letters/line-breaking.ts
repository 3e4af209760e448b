import type { Run } from './light-markup';

/**
 * Breaks styled text into lines of a given width, the way the letter is printed. The same code
 * measures paragraphs for the linter ("at most 5 lines") and lays them out in the PDF, so what the
 * linter counts is what the reader sees.
 *
 * A print batch breaks the same paragraphs in every letter: a measurer made by withLineCache (one
 * per batch) keeps the lines it broke. Invariants of that cache:
 * 1. Its key is everything the lines depend on besides the measurer — width, size, base style and
 *    each run's text, bold and underline — and the cache lives in the measurer, so widths from
 *    another measurer never mix in.
 * 2. Cached lines are shared by every letter that prints that text: they are frozen (array, lines,
 *    segments), and callers only read them (a mutation would throw, not spread to other letters).
 * 3. Bounded: cleared past MAX_CACHED_TEXTS texts.
 * The benchmark that justifies it: `npm run bench letters` and `npm run bench render` (docs/benchmarks.md).
 */
export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export interface Measurer {
  /** Advance width of `text` in points. */
  width(text: string, style: FontStyle, size: number): number;
  /** Lines already broken with this measurer (see withLineCache). */
  readonly lines?: Map<string, readonly Line[]>;
}

const MAX_CACHED_TEXTS = 20_000;

/** The same widths, and a cache of broken lines: for a print batch, whose letters repeat their paragraphs. */
export function withLineCache(measurer: Measurer): Measurer {
  return { width: (text, style, size) => measurer.width(text, style, size), lines: new Map() };
}

export interface TextStyle {
  style: FontStyle;
  underline: boolean;
}

/** A stretch of one line in one style; `x` is from the line's start. */
export interface Segment extends TextStyle {
  text: string;
  x: number;
  width: number;
}

/**
 * Lines are set ragged right, never justified: justification would need pdfkit to drop the space
 * characters (it emulates word spacing by repositioning words), and text extraction would no
 * longer give the letter back exactly.
 */
export interface Line {
  segments: Segment[];
  width: number;
}

interface Piece extends TextStyle {
  text: string;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** Forced line break after this word. */
  breakAfter: boolean;
}

export function styleOf(run: Run, base: FontStyle = 'regular'): TextStyle {
  const bold = run.bold || base === 'bold' || base === 'boldItalic';
  const italic = base === 'italic' || base === 'boldItalic';
  return { style: bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular', underline: run.underline };
}

function toWords(runs: Run[], base: FontStyle): Word[] {
  const words: Word[] = [];
  let current: Word = { pieces: [], width: 0, breakAfter: false };
  const finish = (breakAfter: boolean) => {
    if (current.pieces.length || breakAfter) words.push({ ...current, breakAfter });
    current = { pieces: [], width: 0, breakAfter: false };
  };
  for (const run of runs) {
    const style = styleOf(run, base);
    for (const token of run.text.split(/( |\n)/)) {
      if (token === ' ') finish(false);
      else if (token === '\n') finish(true);
      else if (token) current.pieces.push({ text: token, ...style });
    }
  }
  finish(false);
  return glueFrenchPunctuation(words.filter((word, index) => word.pieces.length || (word.breakAfter && index < words.length - 1)));
}

/** French puts a space before ? ! : ; » and after «: that space must not break the line. */
function glueFrenchPunctuation(words: Word[]): Word[] {
  const glued: Word[] = [];
  for (const word of words) {
    const previous = glued[glued.length - 1];
    const first = word.pieces[0]?.text ?? '';
    const last = previous?.pieces[previous.pieces.length - 1];
    if (previous && last && !previous.breakAfter && (/^[?!:;»]/.test(first) || last.text.endsWith('«'))) {
      last.text += ' ';
      previous.pieces.push(...word.pieces);
      previous.breakAfter = word.breakAfter;
    } else {
      glued.push(word);
    }
  }
  return glued;
}

function measureWord(word: Word, size: number, measurer: Measurer): number {
  return word.pieces.reduce((sum, piece) => sum + measurer.width(piece.text, piece.style, size), 0);
}

/** A word wider than the line is cut between characters (long URLs, references). */
function splitWide(word: Word, maxWidth: number, size: number, measurer: Measurer): Word[] {
  if (word.width <= maxWidth) return [word];
  const characters = word.pieces.flatMap((piece) => [...piece.text].map((char) => ({ ...piece, text: char })));
  const parts: Word[] = [];
  let current: Word = { pieces: [], width: 0, breakAfter: false };
  for (const char of characters) {
    const width = measurer.width(char.text, char.style, size);
    if (current.pieces.length && current.width + width > maxWidth) {
      parts.push(current);
      current = { pieces: [], width: 0, breakAfter: false };
    }
    current.pieces.push(char);
    current.width += width;
  }
  parts.push({ ...current, breakAfter: word.breakAfter });
  return parts;
}

function buildLine(words: Word[], size: number, measurer: Measurer): Line {
  const segments: Segment[] = [];
  let x = 0;
  words.forEach((word, index) => {
    const pieces = index < words.length - 1 ? [...word.pieces.slice(0, -1), { ...word.pieces[word.pieces.length - 1], text: `${word.pieces[word.pieces.length - 1].text} ` }] : word.pieces;
    for (const piece of pieces) {
      const last = segments[segments.length - 1];
      if (last && last.style === piece.style && last.underline === piece.underline) last.text += piece.text;
      else segments.push({ text: piece.text, style: piece.style, underline: piece.underline, x, width: 0 });
    }
  });
  for (const segment of segments) {
    segment.x = x;
    segment.width = measurer.width(segment.text, segment.style, size);
    x += segment.width;
  }
  const trailing = segments[segments.length - 1];
  const width = trailing && trailing.text.endsWith(' ') ? x - measurer.width(' ', trailing.style, size) : x;
  return { segments, width };
}

export function breakLines(runs: Run[], maxWidth: number, size: number, measurer: Measurer, options: { base?: FontStyle } = {}): readonly Line[] {
  const cache = measurer.lines;
  if (!cache) return breakUncached(runs, maxWidth, size, measurer, options.base ?? 'regular');
  let key = `${maxWidth}|${size}|${options.base ?? 'regular'}`;
  for (const run of runs) key += `\u0000${run.bold ? 'b' : '-'}${run.underline ? 'u' : '-'}${run.text}`;
  let lines = cache.get(key);
  if (!lines) {
    lines = Object.freeze(breakUncached(runs, maxWidth, size, measurer, options.base ?? 'regular').map(freezeLine));
    if (cache.size >= MAX_CACHED_TEXTS) cache.clear();
    cache.set(key, lines);
  }
  return lines;
}

function freezeLine(line: Line): Line {
  for (const segment of line.segments) Object.freeze(segment);
  Object.freeze(line.segments);
  return Object.freeze(line);
}

function breakUncached(runs: Run[], maxWidth: number, size: number, measurer: Measurer, base: FontStyle): Line[] {
  const words = toWords(runs, base).flatMap((word) => {
    word.width = measureWord(word, size, measurer);
    return splitWide(word, maxWidth, size, measurer);
  });
  const groups: Word[][] = [];
  let current: Word[] = [];
  let width = 0;
  for (const word of words) {
    const space = current.length ? measurer.width(' ', current[current.length - 1].pieces[current[current.length - 1].pieces.length - 1]?.style ?? 'regular', size) : 0;
    if (current.length && width + space + word.width > maxWidth) {
      groups.push(current);
      current = [];
      width = 0;
    }
    width += (current.length ? space : 0) + word.width;
    if (word.pieces.length) current.push(word);
    if (word.breakAfter) {
      groups.push(current);
      current = [];
      width = 0;
    }
  }
  if (current.length) groups.push(current);
  return groups.map((group) => buildLine(group, size, measurer));
}
