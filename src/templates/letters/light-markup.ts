/**
 * The light markup of letters and call scripts:
 *
 *   blank line        new paragraph
 *   **bold**          bold
 *   __underlined__    underlined (both nest: **__like this__**)
 *   - item            a bulleted line
 *   \ at line end     line break inside a paragraph
 *   \* \_ \- \\       literal characters (merged contact data is escaped this way)
 *
 * A marker without its closing twin is printed as written.
 */
export interface Run {
  text: string;
  bold: boolean;
  underline: boolean;
}

export interface Paragraph {
  kind: 'paragraph' | 'bullet';
  runs: Run[];
}

const LINE_BREAK = '\u2028';

interface Token {
  type: 'text' | 'bold' | 'underline';
  value: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) tokens.push({ type: 'text', value: buffer });
    buffer = '';
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\' && index + 1 < text.length) {
      buffer += text[++index];
    } else if ((char === '*' || char === '_') && text[index + 1] === char) {
      flush();
      tokens.push({ type: char === '*' ? 'bold' : 'underline', value: char + char });
      index++;
    } else {
      buffer += char;
    }
  }
  flush();
  return tokens;
}

/** Markers that have a closing twin become style switches; the others stay text. */
function toRuns(text: string): Run[] {
  const tokens = tokenize(text);
  for (const type of ['bold', 'underline'] as const) {
    const positions = tokens.flatMap((token, index) => (token.type === type ? [index] : []));
    if (positions.length % 2 === 1) tokens[positions[positions.length - 1]].type = 'text';
  }
  const runs: Run[] = [];
  let bold = false;
  let underline = false;
  for (const token of tokens) {
    if (token.type === 'bold') bold = !bold;
    else if (token.type === 'underline') underline = !underline;
    else {
      const last = runs[runs.length - 1];
      if (last && last.bold === bold && last.underline === underline) last.text += token.value;
      else runs.push({ text: token.value, bold, underline });
    }
  }
  return runs;
}

function normaliseSpaces(runs: Run[]): Run[] {
  const joined: Run[] = runs.map((run) => ({ ...run, text: run.text.replace(/[ \t\n\r]+/g, ' ') }));
  if (joined.length) {
    joined[0].text = joined[0].text.replace(/^ +/, '');
    joined[joined.length - 1].text = joined[joined.length - 1].text.replace(/ +$/, '');
  }
  for (let index = 1; index < joined.length; index++) {
    if (joined[index - 1].text.endsWith(' ') && joined[index].text.startsWith(' ')) joined[index].text = joined[index].text.slice(1);
  }
  return joined
    .map((run) => ({ ...run, text: run.text.replace(new RegExp(` ?${LINE_BREAK} ?`, 'g'), '\n') }))
    .filter((run) => run.text !== '');
}

function paragraph(kind: Paragraph['kind'], lines: string[]): Paragraph | undefined {
  const text = lines.map((line) => (line.endsWith('\\') && !line.endsWith('\\\\') ? `${line.slice(0, -1)}${LINE_BREAK}` : line)).join('\n');
  const runs = normaliseSpaces(toRuns(text));
  return runs.length ? { kind, runs } : undefined;
}

export function parseMarkup(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: { kind: Paragraph['kind']; lines: string[] } | undefined;
  const close = () => {
    const done = current && paragraph(current.kind, current.lines);
    if (done) paragraphs.push(done);
    current = undefined;
  };
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (line.trim() === '') {
      close();
    } else if (/^\s*- /.test(line)) {
      close();
      current = { kind: 'bullet', lines: [line.replace(/^\s*- /, '')] };
    } else if (current?.kind === 'bullet' && !/^\s/.test(line)) {
      close();
      current = { kind: 'paragraph', lines: [line] };
    } else {
      current ??= { kind: 'paragraph', lines: [] };
      current.lines.push(line.trim() === line ? line : line.trim());
    }
  }
  close();
  return paragraphs;
}

export function plainText(paragraph: Paragraph): string {
  return paragraph.runs.map((run) => run.text).join('');
}

/** One-line texts (accroche, P.S., coupon options): the runs of the whole text as one paragraph. */
export function parseInline(text: string): Run[] {
  return parseMarkup(text.replace(/\n\s*\n/g, '\n')).flatMap((item, index) => (index === 0 ? item.runs : [{ text: ' ', bold: false, underline: false }, ...item.runs]));
}
