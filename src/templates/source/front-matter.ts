/**
 * The front matter of a template: a small, YAML-like subset that never guesses types.
 * Full YAML would read `{{first_name}}, …` as a flow mapping and `non` as a boolean; here every
 * value is text, so Handlebars expressions and French copy need no quoting.
 *
 *   key: value              text to the end of the line (quotes optional: "…" JSON-style, '…' with '')
 *   key: |                  the indented lines below, line breaks kept
 *   key: >                  the indented lines below, folded into one line
 *   key:                    followed by indented `- item` lines: a list of texts
 *   key:                    followed by indented `key: value` lines: a nested map
 *   # comment               whole lines only (`#` inside a value is kept: `{{#if}}`)
 */
export type FrontMatterValue = string | string[] | FrontMatterMap;
export interface FrontMatterMap {
  [key: string]: FrontMatterValue;
}

/** A value as written, for messages: a list joined by commas (as String() gives it), a map as JSON (it has no prototype: String() would throw). */
export function frontMatterText(value: FrontMatterValue): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : JSON.stringify(value);
}

export class FrontMatterError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

export interface SplitSource {
  /** The front matter text, or null when the file does not start with `---`. */
  frontMatter: string | null;
  /** 1-based line of the first front-matter line in the file. */
  frontMatterLine: number;
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
}

/** Separates `---` front matter from the body, keeping line numbers for error messages. */
export function splitFrontMatter(text: string): SplitSource {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  if (lines[0]?.trim() !== '---') return { frontMatter: null, frontMatterLine: 1, body: normalised, bodyLine: 1 };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) throw new FrontMatterError(1, 'the front matter opened on line 1 is never closed by a `---` line');
  return {
    frontMatter: lines.slice(1, end).join('\n'),
    frontMatterLine: 2,
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}

interface Line {
  number: number;
  /** -1 for a blank line. */
  indent: number;
  text: string;
  comment: boolean;
}

const KEY = /^([A-Za-z_][A-Za-z0-9_.-]*):(?:\s+(.*))?$/;

function unquote(raw: string, line: number): string {
  const value = raw.trim();
  if (value.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'string') return parsed;
    } catch {
      // reported below
    }
    throw new FrontMatterError(line, `badly quoted value ${value} (a "…" value ends with " and escapes inner quotes as \\")`);
  }
  if (value.startsWith("'")) {
    if (value.length < 2 || !value.endsWith("'") || /(^|[^'])'(?!')/.test(value.slice(1, -1).replace(/''/g, ''))) {
      throw new FrontMatterError(line, `badly quoted value ${value} (a '…' value ends with ' and doubles inner quotes)`);
    }
    return value.slice(1, -1).replace(/''/g, "'");
  }
  return value;
}

function toLines(text: string, firstLine: number): Line[] {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, index) => {
    const number = firstLine + index;
    if (raw.trim() === '') {
      lines.push({ number, indent: -1, text: '', comment: false });
      return;
    }
    if (/^ *\t/.test(raw)) throw new FrontMatterError(number, 'indent with spaces, not tabs');
    lines.push({ number, indent: raw.length - raw.trimStart().length, text: raw.trim(), comment: raw.trim().startsWith('#') });
  });
  return lines;
}

class Parser {
  private index = 0;
  /** Dotted key path (`coupon.options.1`) → line, for error messages about values. */
  readonly locations = new Map<string, number>();

  constructor(private readonly lines: Line[]) {}

  parse(): FrontMatterMap {
    const map = this.map(0, '');
    this.skipBlank();
    if (this.index < this.lines.length) {
      const line = this.lines[this.index];
      throw new FrontMatterError(line.number, `unexpected indentation: "${line.text}"`);
    }
    return map;
  }

  private skipBlank(): void {
    while (this.index < this.lines.length && (this.lines[this.index].indent < 0 || this.lines[this.index].comment)) this.index++;
  }

  private peek(): Line | undefined {
    this.skipBlank();
    return this.lines[this.index];
  }

  private map(indent: number, prefix: string): FrontMatterMap {
    const map = Object.create(null) as FrontMatterMap;
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      const match = KEY.exec(line.text);
      if (!match) throw new FrontMatterError(line.number, `expected "key: value", got "${line.text}"`);
      const key = match[1];
      if (key in map) throw new FrontMatterError(line.number, `"${key}" is given twice`);
      this.index++;
      const inline = match[2]?.trim() ?? '';
      // A block's text starts on the next line: that is where its line 1 is.
      this.locations.set(prefix + key, inline === '|' || inline === '>' ? line.number + 1 : line.number);
      map[key] = this.value(inline, line, indent, `${prefix}${key}.`);
    }
    return map;
  }

  private value(inline: string, owner: Line, indent: number, prefix: string): FrontMatterValue {
    if (inline === '|' || inline === '>') return this.block(inline, owner, indent);
    if (inline !== '') return unquote(inline, owner.number);
    const next = this.peek();
    if (!next || next.indent <= indent) return '';
    if (next.text.startsWith('- ') || next.text === '-') return this.list(next.indent, prefix);
    return this.map(next.indent, prefix);
  }

  private list(indent: number, prefix: string): string[] {
    const items: string[] = [];
    for (let line = this.peek(); line && line.indent === indent; line = this.peek()) {
      if (!(line.text.startsWith('- ') || line.text === '-')) throw new FrontMatterError(line.number, `expected a "- item" line, got "${line.text}"`);
      this.locations.set(prefix + items.length, line.number);
      items.push(unquote(line.text.slice(1), line.number));
      this.index++;
    }
    return items;
  }

  /** A `|` or `>` block: every following line indented deeper than its key (blank lines included). */
  private block(style: '|' | '>', owner: Line, indent: number): string {
    const raw: Line[] = [];
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      if (line.indent >= 0 && line.indent <= indent) break;
      raw.push(line);
      this.index++;
    }
    while (raw.length && raw[raw.length - 1].indent < 0) raw.pop();
    if (!raw.length) throw new FrontMatterError(owner.number, `the ${style} block below "${owner.text}" is empty`);
    const texts = raw.map((line) => line.text);
    if (style === '|') return texts.join('\n');
    return texts.reduce((folded, text) => (text === '' ? `${folded}\n` : folded === '' || folded.endsWith('\n') ? folded + text : `${folded} ${text}`), '');
  }
}

/** Parses front matter text; `firstLine` is its line number in the file, for error messages. */
export function parseFrontMatter(text: string, firstLine = 1): FrontMatterMap {
  return new Parser(toLines(text, firstLine)).parse();
}

/** Same, with the line of every value (`coupon.options.1` → 12). */
export function parseFrontMatterWithLines(text: string, firstLine = 1): { values: FrontMatterMap; lines: Map<string, number> } {
  const parser = new Parser(toLines(text, firstLine));
  const values = parser.parse();
  return { values, lines: parser.locations };
}
