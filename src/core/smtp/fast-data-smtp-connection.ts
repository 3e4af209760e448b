import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Transform } from 'node:stream';
import { withFastPath } from './smtp-data';

/**
 * nodemailer's SMTP connection, its message stream given a fast path for data that needs no
 * dot-stuffing (see `withFastPath`): on a ~50 KB message, nodemailer's byte-by-byte escaping
 * costs about as much as building the message.
 *
 * Guarantees: what goes on the wire is byte for byte what nodemailer would send (smtp-data.ts).
 * It overrides a private method, `_createSendStream`: should a later nodemailer rename it, this
 * override is simply never called and its own stream is used unchanged (slower, still correct);
 * `fast-data-smtp-connection.spec.ts` fails when that happens, or when the DataStream it wraps
 * changes shape. On a nodemailer upgrade, `npm run bench infrastructure` (the `smtp_data` ratio)
 * shows whether it still pays.
 *
 * Why not plain nodemailer: ~3× the messages per second on loopback at a third of the CPU time
 * per message (docs/benchmarks.md, "Why relance keeps its own SMTP DATA fast path").
 */
export class FastDataSmtpConnection extends SMTPConnection {
  _createSendStream(callback: (...args: unknown[]) => void): Transform {
    const create = (
      SMTPConnection.prototype as unknown as {
        _createSendStream: (this: SMTPConnection, cb: typeof callback) => Transform;
      }
    )._createSendStream;
    return withFastPath(create.call(this, callback));
  }
}
