import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Transform } from 'node:stream';
import { withFastPath } from './smtp-data';

/**
 * nodemailer's SMTP connection, its message stream given a fast path for data that needs no
 * dot-stuffing (see `withFastPath`): on a ~50 KB message, nodemailer's byte-by-byte escaping
 * costs about as much as building the message. Should a later nodemailer rename the internal
 * method, this override is simply never called and its own stream is used unchanged.
 */
export class FastDataSmtpConnection extends SMTPConnection {
  _createSendStream(callback: (...args: unknown[]) => void): Transform {
    const create = (SMTPConnection.prototype as unknown as { _createSendStream: (this: SMTPConnection, cb: typeof callback) => Transform })._createSendStream;
    return withFastPath(create.call(this, callback));
  }
}
