import fc from 'fast-check';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream';
import { buildMimeMessage, createMimeLayout } from '../../templates/email/mime-message';
import { encodeQuotedPrintableSegment } from '../../templates/email/quoted-printable';
import { isSmtpReady, withFastPath } from '../../core/smtp/smtp-data';

/** Everything a DATA stream writes for these chunks, with its byte counts. */
async function escape(
  stream: InstanceType<typeof DataStream>,
  chunks: Buffer[],
): Promise<{ out: Buffer; inBytes: number; outBytes: number }> {
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await ended;
  return { out: Buffer.concat(out), inBytes: stream.inByteCount, outBytes: stream.outByteCount };
}

// Bytes where escaping matters (CR, LF, dot) mixed with ordinary ones, cut into chunks anywhere.
const byte = fc.oneof(
  fc.constantFrom(0x0d, 0x0a, 0x2e),
  fc.constantFrom(0x41, 0x3d, 0x20),
  fc.integer({ min: 0, max: 255 }),
);
const chunked = fc.array(
  fc.array(byte, { minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  { minLength: 1, maxLength: 8 },
);
const crlfText = fc
  .array(
    fc.tuple(
      fc.constantFrom('', '.', '..', 'a.b', '=2E'),
      fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')),
    ),
    { minLength: 1, maxLength: 30 },
  )
  .map((lines) => Buffer.from(lines.map(([start, rest]) => start + rest).join('\r\n') + '\r\n'));

describe('SMTP DATA fast path', () => {
  it('writes exactly what nodemailer writes, byte counts included, however the message is cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          chunked,
          crlfText.map((b) => [b.subarray(0, b.length >> 1), b.subarray(b.length >> 1)]),
        ),
        async (chunks) => {
          const expected = await escape(new DataStream(), chunks);
          const actual = await escape(withFastPath(new DataStream()), chunks);
          expect(actual.out.equals(expected.out)).toBe(true);
          expect([actual.inBytes, actual.outBytes]).toEqual([expected.inBytes, expected.outBytes]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('passes a message with CRLF line breaks and no leading dot untouched, and sees what needs escaping', () => {
    expect(isSmtpReady(Buffer.from('Subject: x\r\n\r\nBonjour=\r\n=2E\r\n'), false)).toBe(true);
    expect(isSmtpReady(Buffer.from('a\r\n.b\r\n'), false)).toBe(false); // a line starting with a dot
    expect(isSmtpReady(Buffer.from('.b'), false)).toBe(false); // the message starting with one
    expect(isSmtpReady(Buffer.from('.b'), 0x0a)).toBe(false); // a chunk starting a line with one
    expect(isSmtpReady(Buffer.from('a\nb'), false)).toBe(false); // a bare LF
    expect(isSmtpReady(Buffer.from('a\rb'), false)).toBe(false); // a bare CR
    expect(isSmtpReady(Buffer.from('\nb'), 0x0d)).toBe(true); // CR at the end of the last chunk
    expect(isSmtpReady(Buffer.from('b'), 0x0d)).toBe(false);
  });

  it('sends a message from the MIME builder as it stands, exactly as nodemailer would escape it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (text) => {
        const message = buildMimeMessage(
          createMimeLayout('seed'),
          {
            subject: 'S',
            text: encodeQuotedPrintableSegment(text),
            html: encodeQuotedPrintableSegment(`<p>${text}</p>`),
          },
          { from: 'a@b.example', to: 'c@d.example', messageId: 'm@x' },
        );
        const expected = await escape(new DataStream(), [message]);
        const actual = await escape(withFastPath(new DataStream()), [message]);
        expect(actual.out.equals(expected.out)).toBe(true);
        expect([actual.inBytes, actual.outBytes]).toEqual([expected.inBytes, expected.outBytes]);
      }),
      { numRuns: 200 },
    );
  });
});
