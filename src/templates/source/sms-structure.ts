import { parseFrontMatter, splitFrontMatter, type FrontMatterMap } from './front-matter';
import { writeFrontMatter } from './front-matter-writer';

/**
 * An SMS template as the SMS editor shows it: title, objective, the text (Handlebars, merge
 * fields), and the opt-out mention when the template sets its own (`opt_out:`; otherwise the
 * channel's `templates/sms/_defaults.yml` one is appended). Everything else in the front matter
 * (sample values, description…) is kept as it was; comment lines are kept at the top.
 *
 * `smsSource(smsStructure(text))` reads back to the same values (the spec checks the round trip).
 */
export interface SmsStructure {
  title: string;
  objective: string;
  /** The template's own mention; null when it uses the channel default. An empty text removes it. */
  optOut: string | null;
  text: string;
  rest: FrontMatterMap;
  comments: string[];
}

const EDITED = ['title', 'objective', 'opt_out'];

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Comment lines of a front matter, without their `#` (kept at the top when the file is written again). */
export function frontMatterComments(frontMatter: string | null): string[] {
  if (frontMatter === null) return [];
  return frontMatter
    .split('\n')
    .filter((line) => line.trim().startsWith('#'))
    .map((line) => line.trim().replace(/^#\s?/, ''));
}

/** The front-matter settings an editor does not edit, as read. */
export function otherSettings(values: FrontMatterMap, edited: string[]): FrontMatterMap {
  const rest = Object.create(null) as FrontMatterMap;
  for (const [key, value] of Object.entries(values)) if (!edited.includes(key)) rest[key] = value;
  return rest;
}

/** Reads an SMS template's source; an unreadable front matter throws FrontMatterError (with its line). */
export function smsStructure(source: string): SmsStructure {
  const split = splitFrontMatter(source);
  const values =
    split.frontMatter === null
      ? (Object.create(null) as FrontMatterMap)
      : parseFrontMatter(split.frontMatter, split.frontMatterLine);
  return {
    title: textOf(values.title),
    objective: Array.isArray(values.objective) ? values.objective.join(', ') : textOf(values.objective),
    optOut: typeof values.opt_out === 'string' ? values.opt_out : null,
    text: split.body.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, ''),
    rest: otherSettings(values, EDITED),
    comments: frontMatterComments(split.frontMatter),
  };
}

/** The file: front matter (edited settings first, then the others), then the text. */
export function smsSource(sms: SmsStructure): string {
  const values = Object.create(null) as FrontMatterMap;
  if (sms.title.trim()) values.title = sms.title.trim();
  if (sms.objective.trim()) values.objective = sms.objective.trim();
  if (sms.optOut !== null) values.opt_out = sms.optOut.replace(/\s+/g, ' ').trim();
  for (const [key, value] of Object.entries(sms.rest)) if (!EDITED.includes(key)) values[key] = value;
  const text = sms.text.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  return `---\n${writeFrontMatter(values, sms.comments)}\n---\n${text}\n`;
}
