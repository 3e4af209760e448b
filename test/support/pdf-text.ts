import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit with embedded fonts, without poppler: objects are read,
 * streams inflated, each font's ToUnicode map applied to the glyph codes of `Tj`/`TJ`. One line per
 * text object (`BT … ET`), pages in order, no-break spaces (U+00A0, U+202F) turned into spaces.
 * Enough for pdfkit's own output, which is all the specs read with it.
 */
interface PdfObject {
  dictionary: string;
  stream: Buffer | null;
}

function readObjects(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<string, PdfObject>();
  const pattern = /(\d+) 0 obj\s*/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const streamAt = body.indexOf('stream');
    let stream: Buffer | null = null;
    if (streamAt >= 0) {
      const dataStart = start + streamAt + 'stream'.length + (text[start + streamAt + 6] === '\r' ? 2 : 1);
      const raw = pdf.subarray(dataStart, text.indexOf('endstream', dataStart));
      stream = body.slice(0, streamAt).includes('/FlateDecode') ? inflateSync(raw) : raw;
    }
    objects.set(match[1], { dictionary: streamAt >= 0 ? body.slice(0, streamAt) : body, stream });
    pattern.lastIndex = end;
  }
  return objects;
}

/** `<0000> <004a> [<0041> <0042> …]` ranges of a pdfkit ToUnicode map. */
function unicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
    let code = parseInt(range[1], 16);
    for (const target of range[3].matchAll(/<([0-9a-f ]+)>/gi)) {
      const units = target[1].split(' ').map((unit) => parseInt(unit, 16));
      map.set(code++, String.fromCharCode(...units));
    }
  }
  return map;
}

function fontMaps(objects: Map<string, PdfObject>): Map<string, Map<number, string>> {
  const byObject = new Map<string, Map<number, string>>();
  for (const [id, object] of objects) {
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(object.dictionary);
    const cmap = toUnicode && objects.get(toUnicode[1])?.stream;
    if (cmap) byObject.set(id, unicodeMap(cmap.toString('latin1')));
  }
  const byName = new Map<string, Map<number, string>>();
  for (const object of objects.values())
    for (const entry of object.dictionary.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const map = byObject.get(entry[2]);
      if (map) byName.set(entry[1], map);
    }
  return byName;
}

function decode(hex: string, map: Map<number, string> | undefined): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += map?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
  return text;
}

function pageText(content: string, fonts: Map<string, Map<number, string>>): string[] {
  const lines: string[] = [];
  let font: Map<number, string> | undefined;
  let line = '';
  for (const token of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-f]*)> Tj|\bET\b/gi)) {
    if (token[1]) font = fonts.get(token[1]);
    else if (token[2] !== undefined)
      for (const part of token[2].matchAll(/<([0-9a-f]*)>/gi)) line += decode(part[1], font);
    else if (token[3] !== undefined) line += decode(token[3], font);
    else {
      if (line) lines.push(line);
      line = '';
    }
  }
  return lines;
}

export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const fonts = fontMaps(objects);
  const pages = [...objects.values()].find((object) => /\/Type \/Pages\b/.test(object.dictionary));
  const kids = [...(pages?.dictionary.match(/\/Kids \[([^\]]*)\]/)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => k[1]);
  return kids
    .flatMap((kid) => {
      const contents = /\/Contents (\d+) 0 R/.exec(objects.get(kid)?.dictionary ?? '');
      const stream = contents && objects.get(contents[1])?.stream;
      return stream ? pageText(stream.toString('latin1'), fonts) : [];
    })
    .join('\n')
    .replace(/[\u00a0\u202f]/g, ' ');
}

/** How many pages the PDF has. */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
}
