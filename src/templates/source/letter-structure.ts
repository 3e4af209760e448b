import { parseFrontMatter, splitFrontMatter, FrontMatterError, type FrontMatterMap } from './front-matter';
import { writeFrontMatter } from './front-matter-writer';

/**
 * A letter template as the parts of an effective letter (the structured editor's model): title,
 * objective, object (subject), accroche, body paragraphs, signature image, P.S., reply coupon
 * (title and check-boxes). Everything else in the front matter (sample values, layout texts,
 * description…) is kept as it was, in its place; comment lines are kept at the top.
 *
 * `letterSource(letterStructure(text))` reads back to the same values and the same paragraphs
 * (the file's spacing and quoting are normalised: the spec checks the round trip).
 */
export interface LetterStructure {
  title: string;
  objective: string;
  subject: string;
  accroche: string;
  /** Blank-line separated blocks of the body, trimmed; light markup inside. */
  paragraphs: string[];
  ps: string;
  couponTitle: string;
  couponOptions: string[];
  /** The signature image's file name (`signature.png`); the signatory's name and title come from the sender. */
  signature: string;
  /** The other front-matter settings, as read. */
  rest: FrontMatterMap;
  comments: string[];
}

/** The settings the structured editor edits (the rest is kept as it is). */
const EDITED = ['title', 'objective', 'subject', 'accroche', 'ps', 'coupon', 'signature'];

export function bodyParagraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/^\n+|\s+$/g, ''))
    .filter((block) => block.trim() !== '');
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function frontMatterComments(frontMatter: string): string[] {
  return frontMatter
    .split('\n')
    .filter((line) => line.trim().startsWith('#'))
    .map((line) => line.trim().replace(/^#\s?/, ''));
}

/** Reads a letter's source; an unreadable front matter throws FrontMatterError (with its line). */
export function letterStructure(text: string): LetterStructure {
  const split = splitFrontMatter(text);
  const values = split.frontMatter === null ? ({} as FrontMatterMap) : parseFrontMatter(split.frontMatter, split.frontMatterLine);
  const coupon = values.coupon && typeof values.coupon === 'object' && !Array.isArray(values.coupon) ? values.coupon : undefined;
  const rest = Object.create(null) as FrontMatterMap;
  for (const [key, value] of Object.entries(values)) if (!EDITED.includes(key)) rest[key] = value;
  if (values.coupon !== undefined && !coupon) throw new FrontMatterError(1, 'coupon needs "title:" and an "options:" list');
  return {
    title: textOf(values.title),
    objective: Array.isArray(values.objective) ? values.objective.join(', ') : textOf(values.objective),
    subject: textOf(values.subject),
    accroche: textOf(values.accroche),
    paragraphs: bodyParagraphs(split.body),
    ps: textOf(values.ps),
    couponTitle: textOf(coupon?.title),
    couponOptions: Array.isArray(coupon?.options) ? coupon.options : [],
    signature: textOf(values.signature),
    rest,
    comments: split.frontMatter === null ? [] : frontMatterComments(split.frontMatter),
  };
}

/** The file: front matter (edited settings first, in the library's order, then the others), then the paragraphs. */
export function letterSource(letter: LetterStructure): string {
  const values = Object.create(null) as FrontMatterMap;
  const set = (key: string, value: string) => {
    if (value.trim() !== '') values[key] = value.trim();
  };
  set('title', letter.title);
  set('objective', letter.objective);
  set('subject', letter.subject);
  set('accroche', letter.accroche);
  set('ps', letter.ps);
  const options = letter.couponOptions.map((option) => option.trim()).filter(Boolean);
  if (letter.couponTitle.trim() || options.length) {
    const coupon = Object.create(null) as FrontMatterMap;
    if (letter.couponTitle.trim()) coupon.title = letter.couponTitle.trim();
    if (options.length) coupon.options = options;
    values.coupon = coupon;
  }
  set('signature', letter.signature);
  for (const [key, value] of Object.entries(letter.rest)) if (!EDITED.includes(key)) values[key] = value;
  const paragraphs = letter.paragraphs.map((paragraph) => paragraph.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '')).filter((p) => p.trim());
  return `---\n${writeFrontMatter(values, letter.comments)}\n---\n${paragraphs.join('\n\n')}\n`;
}
