/**
 * Quoted-printable (RFC 2045 §6.7) in independent segments: every non-empty segment starts at
 * column 0 and ends with a soft line break (`=\r\n`), so segments encoded at different times —
 * the static parts of a template once per campaign, the merged values once per recipient — can
 * simply be concatenated into a valid body that decodes to the concatenation of their texts.
 */

const MAX_LINE = 75; // 76 with the trailing "=" of a soft line break
const SAFE_SHORT = /^[\x20-\x2D\x2F-\x3C\x3E-\x7E][\x20-\x3C\x3E-\x7E]*$/;
const HEX = Array.from({ length: 256 }, (_, byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);

/** The encoded bytes of each non-ASCII character met so far (its UTF-8 bytes as =XX tokens). */
const encodedCharacters = new Map<string, string[]>();

function encodeCharacter(char: string): string[] {
  let encoded = encodedCharacters.get(char);
  if (encoded === undefined) {
    encoded = [...Buffer.from(char, 'utf8')].map((byte) => HEX[byte]);
    if (encodedCharacters.size < 10_000) encodedCharacters.set(char, encoded);
  }
  return encoded;
}

/** Merged values repeat (first names, prices, dates): recent short values and their encoding. */
const encodedValues = new Map<string, string>();
const CACHED_VALUES = 20_000;
const CACHEABLE_LENGTH = 200;

/**
 * The same string, stored as one piece. `encodeSegment` builds its result a token at a time, a
 * rope of one small string per character that V8 keeps as is: cached that way, 20,000 values held
 * some 300,000 rope nodes, walked again in every message that used them. Converting a string to
 * a number makes V8 flatten it in place.
 */
function flattened(text: string): string {
  void Number(text);
  return text;
}

/** Encodes one segment; the empty string stays empty. Line breaks in the text become hard CRLF breaks. */
export function encodeQuotedPrintableSegment(text: string): string {
  if (text === '') return '';
  if (text.length <= MAX_LINE && SAFE_SHORT.test(text)) return `${text}=\r\n`;
  if (text.length > CACHEABLE_LENGTH) return encodeSegment(text);
  let encoded = encodedValues.get(text);
  if (encoded === undefined) {
    encoded = flattened(encodeSegment(text));
    if (encodedValues.size >= CACHED_VALUES) encodedValues.clear();
    encodedValues.set(text, encoded);
  }
  return encoded;
}

function encodeSegment(text: string): string {
  let out = '';
  let line = '';
  const emit = (token: string) => {
    if (line.length + token.length > MAX_LINE) {
      out += `${line}=\r\n`;
      line = '';
      // A dot the soft line break pushes to the start of a line is encoded like any leading dot.
      if (token === '.') token = '=2E';
    }
    line += token;
  };
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(index + 1) === 0x0a)) {
      if (code === 0x0d) index++;
      out += `${line}\r\n`;
      line = '';
    } else if (code === 0x20 || code === 0x09) {
      // Trailing white space before a hard break would be stripped in transit: encode it.
      const next = text.charCodeAt(index + 1);
      emit(next === 0x0a || next === 0x0d ? HEX[code] : text[index]);
    } else if (code === 0x2e && line.length === 0) {
      emit('=2E'); // a lone "." line ends an SMTP DATA section
    } else if (code >= 33 && code <= 126 && code !== 61) {
      emit(text[index]);
    } else if (code < 0x80) {
      emit(HEX[code]);
    } else {
      // A code point's bytes may be split across lines: decoders join the bytes back.
      const isPair = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length;
      const char = isPair ? text.slice(index, index + 2) : text[index];
      if (isPair) index++;
      for (const token of encodeCharacter(char)) emit(token);
    }
  }
  return `${out}${line}=\r\n`;
}

/** Decodes quoted-printable text to a UTF-8 string (used to check what was encoded). */
export function decodeQuotedPrintable(encoded: string): string {
  const withoutSoftBreaks = encoded.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let index = 0; index < withoutSoftBreaks.length; index++) {
    const char = withoutSoftBreaks[index];
    if (char === '=' && /^[0-9A-F]{2}$/.test(withoutSoftBreaks.slice(index + 1, index + 3))) {
      bytes.push(parseInt(withoutSoftBreaks.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (char === '\r' && withoutSoftBreaks[index + 1] === '\n') {
      bytes.push(0x0a);
      index++;
    } else {
      bytes.push(char.charCodeAt(0));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
