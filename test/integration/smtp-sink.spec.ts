import { EventEmitter } from 'node:events';
import * as fc from 'fast-check';
import { SmtpSink } from '../../bench/support/smtp-sink';

/** A socket stand-in: the test decides where the bytes are cut, which TCP would not let it do. */
class ScriptedSocket extends EventEmitter {
  readonly replies: string[] = [];
  writable = true;
  destroyed = false;
  setNoDelay(): void {}
  cork(): void {}
  uncork(): void {}
  write(text: string): boolean {
    this.replies.push(...text.split('\r\n').filter(Boolean));
    return true;
  }
  end(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

const line = fc
  .string({ unit: fc.constantFrom('a', 'b', ' ', '.', '-', 'é', '=', ':'), maxLength: 90 })
  .filter((text) => !text.startsWith('.'));
const message = fc
  .array(line, { minLength: 1, maxLength: 40 })
  .map((lines) => ['Message-ID: <m@test>', ...lines].join('\r\n') + '\r\n');

describe('SMTP sink (the bench and test relay)', () => {
  it('keeps every message whole, however the bytes are cut, the terminator included', () => {
    fc.assert(
      fc.property(
        fc.array(message, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 30 }),
        (messages, cuts) => {
          const sink = new SmtpSink({ keepRaw: true });
          const socket = new ScriptedSocket();
          (sink as unknown as { session(socket: unknown): void }).session(socket);
          // Commands pipelined before each message, the message, its terminator.
          const wire = Buffer.concat([
            Buffer.from('EHLO test\r\n'),
            ...messages.flatMap((m, i) => [
              Buffer.from(`MAIL FROM:<a@test>\r\nRCPT TO:<r${i}@test>\r\nDATA\r\n`),
              Buffer.from(m, 'utf8'),
              Buffer.from('.\r\n'),
            ]),
            Buffer.from('QUIT\r\n'),
          ]);
          for (let at = 0, i = 0; at < wire.length; i++) {
            const size = cuts[i % cuts.length];
            socket.emit('data', wire.subarray(at, at + size));
            at += size;
          }
          expect(sink.received.map((m) => m.raw?.toString('utf8'))).toEqual(messages);
          expect(sink.received.map((m) => m.size)).toEqual(messages.map((m) => Buffer.byteLength(m)));
          expect(sink.received.map((m) => m.to)).toEqual(messages.map((_, i) => [`r${i}@test`]));
          expect(sink.received.every((m) => m.messageId === '<m@test>')).toBe(true);
          expect(socket.replies.filter((reply) => reply.startsWith('250 2.0.0 Ok: queued'))).toHaveLength(
            messages.length,
          );
          expect(socket.replies.at(-1)).toBe('221 2.0.0 Bye');
        },
      ),
      { numRuns: 300 },
    );
  });
});
