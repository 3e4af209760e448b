import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { DomainError } from '../../core/errors/domain-error';
import { allocateMessage } from '../../core/memory/message-memory';
import { declareSmtpReady, isDeclaredSmtpReady } from '../../core/smtp/smtp-data';

/**
 * A complete RFC 5322 / MIME message (multipart/alternative: text then HTML, both UTF-8
 * quoted-printable) assembled from parts that are already encoded. Everything that does not
 * change between recipients — the boundary, the part headers — is built once per template
 * version; per recipient only the headers and the merged bodies are joined.
 */
export interface Mailbox {
  name?: string;
  address: string;
}

export interface MessageHeaders {
  from: Mailbox | string;
  to: Mailbox | string;
  replyTo?: Mailbox | string;
  /** With or without angle brackets. */
  messageId: string;
  date?: Date;
  /** The whole header value, e.g. `<https://…/u/…>, <mailto:unsubscribe@…>`. */
  listUnsubscribe?: string;
  /** `List-Unsubscribe=One-Click` for RFC 8058 one-click unsubscribe. */
  listUnsubscribePost?: string;
  /** More headers (`X-…`, `Precedence`…); names are checked too. */
  extra?: Record<string, string>;
}

export interface EncodedBodies {
  subject: string;
  /** Quoted-printable bodies, as produced by the `text-qp` and `html-qp` templates. */
  text: string;
  html: string;
}

export interface MimeLayout {
  boundary: string;
  /** Headers and the two part openings: fixed for a template version. */
  contentHeaders: string;
  textPartOpening: string;
  htmlPartOpening: string;
  closing: string;
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_HEADER = /[\r\n\u0000]/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7F]*$/;
const ATOM_TEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ .]*$/;

/** `=_` never occurs in quoted-printable text, so this boundary cannot collide with a body. */
export function createMimeLayout(seed: string): MimeLayout {
  const boundary = `=_relance_${createHash('sha256').update(seed).digest('hex').slice(0, 24)}`;
  return {
    boundary,
    contentHeaders: `MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="${boundary}"\r\n`,
    textPartOpening: `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`,
    htmlPartOpening: `\r\n--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`,
    closing: `\r\n--${boundary}--\r\n`,
  };
}

export function assertHeaderValue(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) throw DomainError.invalid('email.invalid_header', `"${name}" is not a valid header name`);
  if (FORBIDDEN_IN_HEADER.test(value)) {
    throw DomainError.invalid('email.invalid_header', `the ${name} header contains a line break or NUL character: refused (header injection)`);
  }
}

/** RFC 2047 encoded-words (UTF-8, base64), each at most 75 characters, split between characters. */
export function encodeHeaderText(value: string): string {
  if (PRINTABLE_ASCII.test(value) && !/=\?|\?=/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const char of value) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > 45) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += char;
    bytes += size;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function formatAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) throw DomainError.invalid('email.invalid_address', `"${address}" is not an e-mail address`);
  const domain = domainToASCII(address.slice(at + 1));
  if (!domain) throw DomainError.invalid('email.invalid_address', `"${address}" has an invalid domain`);
  return `${address.slice(0, at)}@${domain}`;
}

export function formatMailbox(name: string, mailbox: Mailbox | string): string {
  const { name: display, address } = typeof mailbox === 'string' ? { name: undefined, address: mailbox } : mailbox;
  assertHeaderValue(name, address);
  if (display !== undefined) assertHeaderValue(name, display);
  const formatted = `<${formatAddress(address.trim())}>`;
  if (!display) return formatted;
  if (ATOM_TEXT.test(display)) return `${display} ${formatted}`;
  if (PRINTABLE_ASCII.test(display)) return `"${display.replace(/(["\\])/g, '\\$1')}" ${formatted}`;
  return `${encodeHeaderText(display)} ${formatted}`;
}

/** One header line, folded at spaces when longer than 78 characters (never beyond 998). */
export function headerLine(name: string, value: string): string {
  assertHeaderValue(name, value.replace(/\r\n /g, ' '));
  const line = `${name}: ${value}`;
  if (line.length <= 78 || value.includes('\r\n')) return `${line}\r\n`;
  const folded: string[] = [];
  let current = '';
  for (const piece of line.split(/(?= )/)) {
    if (current && current.length + piece.length > 78) {
      folded.push(current);
      current = piece;
    } else {
      current += piece;
    }
  }
  folded.push(current);
  if (folded.some((part) => part.length > 998)) throw DomainError.invalid('email.invalid_header', `the ${name} header is too long to fold`);
  return `${folded.join('\r\n')}\r\n`;
}

export function formatDateHeader(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Checks the value as given, before encoding could hide a line break inside an encoded word. */
function checked(name: string, value: string): string {
  assertHeaderValue(name, value);
  return value;
}

/**
 * Messages built by `buildMimeMessage`. They are valid SMTP DATA as they stand — CRLF line
 * breaks only, no line starting with a dot — by construction: header values with a line break
 * are refused, folding continues lines with a space, and the bodies are quoted-printable, whose
 * encoder writes only CRLF breaks and encodes a dot at the start of a line (a property test
 * renders hostile data to check it). The SMTP transport sends these without scanning them.
 */
export function isBuiltMimeMessage(message: Buffer): boolean {
  return isDeclaredSmtpReady(message);
}

/** The whole message, ready for SMTP or an .eml file. */
export function buildMimeMessage(layout: MimeLayout, bodies: EncodedBodies, headers: MessageHeaders): Buffer {
  const messageId = checked('Message-ID', headers.messageId).replace(/^<|>$/g, '');
  let head =
    headerLine('From', formatMailbox('From', headers.from)) +
    headerLine('To', formatMailbox('To', headers.to)) +
    (headers.replyTo ? headerLine('Reply-To', formatMailbox('Reply-To', headers.replyTo)) : '') +
    headerLine('Subject', encodeHeaderText(checked('Subject', bodies.subject))) +
    headerLine('Date', formatDateHeader(headers.date ?? new Date())) +
    headerLine('Message-ID', `<${messageId}>`);
  if (headers.listUnsubscribe !== undefined) head += headerLine('List-Unsubscribe', headers.listUnsubscribe);
  if (headers.listUnsubscribePost !== undefined) head += headerLine('List-Unsubscribe-Post', headers.listUnsubscribePost);
  for (const name in headers.extra ?? {}) head += headerLine(name, encodeHeaderText(checked(name, headers.extra![name])));
  head += layout.contentHeaders + '\r\n' + layout.textPartOpening;
  // Encoded bodies end with a soft line break (or are empty): the delimiter's own CRLF follows it.
  // Written straight into the message's buffer: the bodies (~50 KB of merged text) are never
  // joined into one more string first. They are ASCII (quoted-printable), headers nearly always.
  const headEncoding = ASCII.test(head) ? 'latin1' : 'utf8';
  const headBytes = headEncoding === 'latin1' ? head.length : Buffer.byteLength(head, 'utf8');
  const tail = [bodies.text, layout.htmlPartOpening, bodies.html, layout.closing];
  let size = headBytes;
  for (const part of tail) size += part.length;
  const message = allocateMessage(size);
  let offset = message.write(head, 0, headBytes, headEncoding);
  for (const part of tail) offset += message.write(part, offset, part.length, 'latin1');
  if (offset !== size) throw new Error(`MIME message: ${offset} bytes written for ${size} expected`);
  declareSmtpReady(message);
  return message;
}
