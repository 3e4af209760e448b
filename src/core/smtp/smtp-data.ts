/**
 * A fast path for nodemailer's SMTP DATA stream (installed by FastDataSmtpConnection).
 *
 * Guarantees: the bytes written, and the stream's in/out byte counts, are exactly what
 * nodemailer's own DataStream writes for the same input however it is cut (a property test in
 * channels/email/smtp-data.spec.ts checks it against nodemailer); any chunk that needs dot-stuffing
 * or line-break repair goes through nodemailer's own code; if nodemailer's internals are not
 * what this expects, the stream is left untouched.
 *
 * What callers must do: declare SMTP-ready (`declareSmtpReady`) only a buffer whose every line
 * break is CRLF and no line of which starts with a dot, and not change it afterwards; the MIME
 * builder does so by construction. The message and its terminator may be written as one buffer
 * in the spare room after a message from core/memory/message-memory.ts: the transport must be
 * done with the message when its send resolves (see that file).
 *
 * Why not nodemailer's stream alone: it visits every byte in JavaScript and writes message and
 * terminator separately. In `npm run bench infrastructure` (docs/benchmarks.md, "Why relance keeps
 * its own SMTP DATA fast path"), ~50 KB built messages to a sink on loopback: ~3× the messages
 * per second of a plain nodemailer connection, at a third of its CPU time per message.
 */
import type { Transform, TransformCallback } from 'node:stream';
import { spareRoom } from '../memory/message-memory';

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

/** The message followed by its terminator: written in the spare room after a built message, else copied. */
function withTerminator(message: Buffer, terminator: Buffer): Buffer {
  if (terminator.length > spareRoom(message)) return Buffer.concat([message, terminator]);
  const whole = Buffer.from(message.buffer, message.byteOffset, message.length + terminator.length);
  terminator.copy(whole, message.length);
  return whole;
}

/**
 * Messages their writer declares valid SMTP DATA as they stand (relance's MIME builder, see
 * `buildMimeMessage`): sent whole without being scanned. Kept here, not by the writer, so that
 * this layer needs nothing from the templates above it.
 */
const smtpReadyMessages = new WeakSet<Buffer>();

export function declareSmtpReady(message: Buffer): void {
  smtpReadyMessages.add(message);
}

export function isDeclaredSmtpReady(message: Buffer): boolean {
  return smtpReadyMessages.has(message);
}

interface DataStreamState {
  inByteCount: number;
  outByteCount: number;
  lastByte: number | false;
  _transform: (
    this: DataStreamState & Transform,
    chunk: Buffer | string,
    encoding: BufferEncoding,
    done: TransformCallback,
  ) => void;
  _flush: (this: DataStreamState & Transform, done: TransformCallback) => void;
}

/**
 * Gives one of nodemailer's DATA streams (the transform that stuffs dots and normalises line
 * breaks) a fast path: a chunk that needs neither is passed on untouched, exactly as its own
 * loop would pass it, only without visiting every byte; any other chunk goes through its own
 * code. Messages built by relance's MIME writer always take the fast path, without a scan: CRLF
 * line breaks only, and quoted-printable bodies that encode a dot at the start of a line.
 *
 * Such a message, written whole, also leaves with its terminator in one chunk (one socket
 * write instead of two: every write wakes the relay up, and costs about as much as the 50 KB
 * it carries on loopback or a LAN).
 */
export function withFastPath<T extends Transform>(stream: T): T {
  const state = stream as unknown as DataStreamState;
  const ownTransform = state._transform;
  const ownFlush = state._flush;
  if (
    typeof ownTransform !== 'function' ||
    typeof ownFlush !== 'function' ||
    typeof state.inByteCount !== 'number' ||
    !('lastByte' in state)
  )
    return stream;
  let held: Buffer | undefined;
  state._transform = function (this: DataStreamState & Transform, chunk, encoding, done) {
    if (held) {
      this.push(held);
      held = undefined;
    }
    if (!Buffer.isBuffer(chunk) || !chunk.length) return ownTransform.call(this, chunk, encoding, done);
    // A whole message from relance's MIME builder is SMTP-ready by construction (see
    // isDeclaredSmtpReady): not even scanned, and held back to leave with the terminator.
    // Anything else is checked, in native code.
    const built = this.lastByte === false && isDeclaredSmtpReady(chunk);
    if (!built && !isSmtpReady(chunk, this.lastByte)) return ownTransform.call(this, chunk, encoding, done);
    this.inByteCount += chunk.length;
    this.outByteCount += chunk.length;
    this.lastByte = chunk[chunk.length - 1];
    if (built) held = chunk;
    else this.push(chunk);
    done();
  };
  state._flush = function (this: DataStreamState & Transform, done) {
    if (!held) return ownFlush.call(this, done);
    const message = held;
    held = undefined;
    // nodemailer's own flush decides the terminator; it is pushed after the message, in one buffer.
    // Kept to be put back as it was, never called on its own.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const push = this.push;
    let terminator: Buffer | undefined;
    this.push = (chunk: Buffer) => {
      terminator = chunk;
      return true;
    };
    try {
      ownFlush.call(this, (error) => {
        this.push = push;
        if (!error) this.push(terminator ? withTerminator(message, terminator) : message);
        done(error);
      });
    } catch (error) {
      this.push = push;
      throw error;
    }
  };
  return stream;
}
