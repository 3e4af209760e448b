import { parseFrontMatter, splitFrontMatter, type FrontMatterMap } from './front-matter';
import { writeFrontMatter } from './front-matter-writer';

/**
 * An e-mail template as the e-mail editor shows it: the subject and preheader (front-matter
 * settings) and the MJML body. Everything else in the file is kept as written: setting the
 * subject rewrites only its own front-matter line(s), so the versions' diff shows what changed.
 */
export interface EmailParts {
  subject: string;
  preheader: string;
  body: string;
  /** 1-based line of the body's first line in the file (a linter line minus this plus one is the body's line). */
  bodyLine: number;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Reads an e-mail's source; an unreadable front matter throws FrontMatterError (with its line). */
export function emailParts(text: string): EmailParts {
  const split = splitFrontMatter(text);
  const values = split.frontMatter === null ? ({} as FrontMatterMap) : parseFrontMatter(split.frontMatter);
  return {
    subject: textOf(values.subject),
    preheader: textOf(values.preheader),
    body: split.body,
    bodyLine: split.bodyLine,
  };
}

/** Top-level `key:` and the lines that continue its value (indented, or blank before an indented one). */
function extent(lines: string[], key: string): { start: number; end: number } | undefined {
  const start = lines.findIndex((line) => new RegExp(`^${key}\\s*:`).test(line));
  if (start < 0) return undefined;
  let end = start + 1;
  for (let index = start + 1; index < lines.length; index++) {
    if (/^\s+\S/.test(lines[index])) end = index + 1;
    else if (lines[index].trim() !== '') break;
  }
  return { start, end };
}

/** Sets (or removes, when empty) one top-level text setting, leaving every other line as written. */
function setLine(lines: string[], key: string, value: string, after: string[]): string[] {
  const next = [...lines];
  const line = `${key}: ${JSON.stringify(value)}`;
  const found = extent(next, key);
  if (found) next.splice(found.start, found.end - found.start, ...(value ? [line] : []));
  else if (value) {
    const anchors = after.map((name) => extent(next, name)).filter((item) => item !== undefined);
    const at = anchors.length ? Math.max(...anchors.map((item) => item.end)) : next.length;
    next.splice(at, 0, line);
  }
  return next;
}

/** The file with this subject, preheader and body, over `base` (the source the editor started from). */
export function emailSource(base: string, parts: Pick<EmailParts, 'subject' | 'preheader' | 'body'>): string {
  const split = splitFrontMatter(base || '---\n---\n');
  const original = split.frontMatter ?? '';
  let lines = original === '' ? [] : original.split('\n');
  const subject = parts.subject.replace(/\s+/g, ' ').trim();
  const preheader = parts.preheader.replace(/\s+/g, ' ').trim();
  lines = setLine(lines, 'subject', subject, ['title', 'objective']);
  lines = setLine(lines, 'preheader', preheader, ['title', 'objective', 'subject']);
  let frontMatter = lines.join('\n');
  const read = parseFrontMatter(frontMatter);
  if (textOf(read.subject) !== subject || textOf(read.preheader) !== preheader) {
    // A layout the line edit cannot follow: the settings are written again, normalised.
    const values = { ...parseFrontMatter(original) };
    delete values.subject;
    delete values.preheader;
    const ordered = { ...values, ...(subject ? { subject } : {}), ...(preheader ? { preheader } : {}) };
    frontMatter = writeFrontMatter(ordered);
  }
  const body = parts.body.replace(/\r\n?/g, '\n');
  return frontMatter === '' ? `---\n---\n${body}` : `---\n${frontMatter}\n---\n${body}`;
}
