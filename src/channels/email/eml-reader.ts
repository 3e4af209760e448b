/**
 * Reads an `.eml` file back for people to look at: its headers, decoded (RFC 2047 encoded-words),
 * and its text and HTML alternatives, decoded (quoted-printable or base64, then the charset).
 * Tolerant: a file that is not quite what relance writes still gives what can be read (missing
 * parts are absent, never an exception). Bytes are handled as a binary string (one character
 * per byte) until a part's charset is known.
 */
export interface EmlHeader {
  name: string;
  value: string;
}

export interface ReadEmail {
  headers: EmlHeader[];
  text: string | null;
  html: string | null;
}

interface Part {
  headers: EmlHeader[];
  body: string;
}

/** Splits a binary string into its header block and body (at the first empty line). */
function splitEntity(binary: string): Part {
  // Not starting with a header field: all body (a part may start with its empty line).
  if (!/^[!-9;-~]+:/.test(binary)) return { headers: [], body: binary.replace(/^\r?\n/, '') };
  const match = /\r?\n\r?\n/.exec(binary);
  const head = match ? binary.slice(0, match.index) : binary;
  const body = match ? binary.slice(match.index + match[0].length) : '';
  return { headers: parseHeaderBlock(head), body };
}

function decodeBytes(binary: string, charset: string): string {
  const bytes = Buffer.from(binary, 'latin1');
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** `=?charset?B|Q?…?=` words decoded; whitespace between two adjacent words dropped. */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  return value.replace(/(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)/g, '$1').replace(word, (_, charset, kind, text) => {
    const binary =
      String(kind).toUpperCase() === 'B'
        ? Buffer.from(String(text), 'base64').toString('latin1')
        : decodeQuotedPrintableBinary(String(text).replace(/_/g, ' '));
    return decodeBytes(binary, String(charset).split('*')[0]);
  });
}

function parseHeaderBlock(head: string): EmlHeader[] {
  const headers: EmlHeader[] = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    // Header bytes beyond ASCII (8-bit headers) are read as UTF-8.
    const value = decodeBytes(line.slice(colon + 1).trim(), 'utf-8');
    headers.push({ name: line.slice(0, colon).trim(), value: decodeEncodedWords(value) });
  }
  return headers;
}

/** The headers of a message, from its first bytes (the body need not be there). */
export function readEmlHeaders(raw: Buffer): EmlHeader[] {
  return splitEntity(raw.toString('latin1')).headers;
}

export function headerValue(headers: EmlHeader[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === wanted)?.value;
}

function decodeQuotedPrintableBinary(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A Content-Type value: its lower-case type and its parameters. */
function contentType(headers: EmlHeader[]): { type: string; params: Record<string, string> } {
  const [type, ...rest] = (headerValue(headers, 'content-type') ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const equals = param.indexOf('=');
    if (equals > 0)
      params[param.slice(0, equals).trim().toLowerCase()] = param
        .slice(equals + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

function decodeBody(part: Part, charset: string): string {
  const encoding = (headerValue(part.headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
  const binary =
    encoding === 'base64'
      ? Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintableBinary(part.body)
        : part.body;
  return decodeBytes(binary, charset);
}

/** The parts of a multipart body (the preamble and epilogue dropped). */
function multipartParts(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const sections = body.split(new RegExp(`\\r?\\n?${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const parts: Part[] = [];
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    parts.push(splitEntity(section.replace(/^[ \t]*\r?\n/, '')));
  }
  return parts;
}

/** Walks the MIME tree: the first text/plain and text/html that are not attachments. */
function collect(part: Part, found: { text: string | null; html: string | null }, depth: number): void {
  const { type, params } = contentType(part.headers);
  if (type.startsWith('multipart/')) {
    if (!params.boundary || depth > 8) return;
    for (const child of multipartParts(part.body, params.boundary)) collect(child, found, depth + 1);
    return;
  }
  if (/^\s*attachment/i.test(headerValue(part.headers, 'content-disposition') ?? '')) return;
  if (type === 'text/plain' && found.text === null) found.text = decodeBody(part, params.charset ?? 'utf-8');
  if (type === 'text/html' && found.html === null) found.html = decodeBody(part, params.charset ?? 'utf-8');
}

export function readEml(raw: Buffer): ReadEmail {
  const message = splitEntity(raw.toString('latin1'));
  const found = { text: null as string | null, html: null as string | null };
  collect(message, found, 0);
  return { headers: message.headers, ...found };
}
