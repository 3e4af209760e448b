import type { Transform } from 'node:stream';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream';
import { SmtpSink } from '../../../bench/support/smtp-sink';
import { FastDataSmtpConnection } from './fast-data-smtp-connection';
import { declareSmtpReady } from './smtp-data';

/** Records the DATA streams the override creates. */
class RecordingConnection extends FastDataSmtpConnection {
  readonly streams: Transform[] = [];

  override _createSendStream(callback: (...args: unknown[]) => void): Transform {
    const stream = super._createSendStream(callback);
    this.streams.push(stream);
    return stream;
  }
}

describe('the override of nodemailer’s _createSendStream', () => {
  it('is still called by nodemailer and still installs the fast path (fails on a nodemailer upgrade that renames or reshapes them)', async () => {
    const sink = new SmtpSink({ keepRaw: true });
    await sink.start();
    const connection = new RecordingConnection({ host: '127.0.0.1', port: sink.port, secure: false });
    try {
      await new Promise<void>((resolve, reject) => {
        connection.once('error', reject);
        connection.connect(() => resolve());
      });
      const message = Buffer.from(
        'From: a@exemple.fr\r\nTo: b@exemple.fr\r\nMessage-ID: <fast@exemple.fr>\r\n\r\nBonjour\r\n',
      );
      declareSmtpReady(message);
      await new Promise<void>((resolve, reject) =>
        connection.send({ from: 'a@exemple.fr', to: ['b@exemple.fr'], size: message.length }, message, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      expect(connection.streams).toHaveLength(1);
      expect(connection.streams[0]).toBeInstanceOf(DataStream);
      // Compared by identity, never called.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const stockTransform = DataStream.prototype._transform;
      expect((connection.streams[0] as unknown as { _transform: unknown })._transform).not.toBe(stockTransform);
      expect(sink.received[0].raw!.equals(message)).toBe(true);
    } finally {
      connection.close();
      await sink.stop();
    }
  });
});
