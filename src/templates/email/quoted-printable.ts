/**
 * Quoted-printable (RFC 2045 §6.7) in independent segments: every non-empty segment starts at
 * column 0 and ends with a soft line break (`=\r\n`), so segments encoded at different times —
 * the static parts of a template once per campaign, the merged values once per recipient — can
 * simply be concatenated into a valid body that decodes to the concatenation of their texts.
 */

const MAX_LINE = 75; // 76 with the trailing "=" of a soft line break
const SAFE_SHORT = /^[\x20-\x2D\x2F-\x3C\x3E-\x7E][\x20-\x3C\x3E-\x7E]*$/;
const HEX = Array.from({ length: 256 }, (_, byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`);

function isPrintable(code: number): boolean {
  return code >= 33 && code <= 126 && code !== 61;
}

/** Encodes one segment; the empty string stays empty. Line breaks in the text become hard CRLF breaks. */
export function encodeQuotedPrintableSegment(text: string): string {
  if (text === '') return '';
  if (text.length <= MAX_LINE && SAFE_SHORT.test(text)) return `${text}=\r\n`;
  const bytes = Buffer.from(text, 'utf8');
  const out: string[] = [];
  let column = 0;
  const emit = (token: string) => {
    if (column + token.length > MAX_LINE) {
      out.push('=\r\n');
      column = 0;
    }
    out.push(token);
    column += token.length;
  };
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    const next = bytes[index + 1];
    if (byte === 0x0a || (byte === 0x0d && next === 0x0a)) {
      if (byte === 0x0d) index++;
      out.push('\r\n');
      column = 0;
    } else if (byte === 0x20 || byte === 0x09) {
      // Trailing white space before a hard break would be stripped in transit: encode it.
      const beforeBreak = next === 0x0a || next === 0x0d;
      emit(beforeBreak ? HEX[byte] : String.fromCharCode(byte));
    } else if (byte === 0x2e && column === 0) {
      emit('=2E'); // a lone "." line ends an SMTP DATA section
    } else if (isPrintable(byte)) {
      emit(String.fromCharCode(byte));
    } else {
      emit(HEX[byte]);
    }
  }
  out.push('=\r\n');
  return out.join('');
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
