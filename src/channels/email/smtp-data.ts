import type { Transform, TransformCallback } from 'node:stream';
import { isBuiltMimeMessage } from '../../templates/email/mime-message';

const CR = 0x0d;
const LF = 0x0a;
const DOT = 0x2e;

/**
 * True when a chunk of a message already is valid SMTP DATA: every line break a CRLF (no bare
 * CR, no bare LF) and no line starting with a dot, given the byte before it (`false`: the start
 * of the message). Line breaks are found with `indexOf`, in native code: a 50 KB message has
 * under a thousand of them, where a byte-by-byte loop in JavaScript visits all 50,000 bytes.
 */
export function isSmtpReady(chunk: Buffer, previous: number | false): boolean {
  if (previous === CR && chunk[0] !== LF) return false;
  if (chunk[0] === DOT && (previous === LF || previous === false)) return false;
  for (let at = chunk.indexOf(CR); at !== -1; at = chunk.indexOf(CR, at + 1)) {
    // A CR as the last byte is checked against the next chunk's first byte (above).
    if (at + 1 < chunk.length && chunk[at + 1] !== LF) return false;
  }
  for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) {
    if ((at === 0 ? previous : chunk[at - 1]) !== CR) return false;
    if (chunk[at + 1] === DOT) return false;
  }
  return true;
}

interface DataStreamState {
  inByteCount: number;
  outByteCount: number;
  lastByte: number | false;
  _transform(chunk: Buffer | string, encoding: BufferEncoding, done: TransformCallback): void;
}

/**
 * Gives one of nodemailer's DATA streams (the transform that stuffs dots and normalises line
 * breaks) a fast path: a chunk that needs neither is passed on untouched, exactly as its own
 * loop would pass it, only without visiting every byte; any other chunk goes through its own
 * code. Messages built by relance's MIME writer always take the fast path, without a scan: CRLF
 * line breaks only, and quoted-printable bodies that encode a dot at the start of a line.
 */
export function withFastPath<T extends Transform>(stream: T): T {
  const state = stream as unknown as DataStreamState;
  const ownTransform = state._transform;
  if (typeof ownTransform !== 'function' || typeof state.inByteCount !== 'number' || !('lastByte' in state)) return stream;
  state._transform = function (this: DataStreamState & Transform, chunk, encoding, done) {
    if (!Buffer.isBuffer(chunk) || !chunk.length) return ownTransform.call(this, chunk, encoding, done);
    // A whole message from relance's MIME builder is SMTP-ready by construction (see
    // isBuiltMimeMessage): not even scanned. Anything else is checked, in native code.
    const ready = (this.lastByte === false && isBuiltMimeMessage(chunk)) || isSmtpReady(chunk, this.lastByte);
    if (!ready) return ownTransform.call(this, chunk, encoding, done);
    this.inByteCount += chunk.length;
    this.outByteCount += chunk.length;
    this.lastByte = chunk[chunk.length - 1];
    this.push(chunk);
    done();
  };
  return stream;
}
