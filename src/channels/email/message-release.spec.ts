import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SmtpSink } from '../../../bench/support/smtp-sink';
import { allocateMessage, recycleMessage } from '../../core/memory/message-memory';
import { buildMimeMessage, createMimeLayout } from '../../templates/email/mime-message';
import { encodeQuotedPrintableSegment } from '../../templates/email/quoted-printable';
import type { EmailTransport, OutboundEmail, SendOutcome } from '../channel.types';
import { FileOutboxTransport } from './file-outbox-transport';
import { SmtpTransport } from './smtp-transport';

/**
 * The rule of core/memory/message-memory.ts, checked through every e-mail transport: a transport
 * must not keep the raw message after its promise resolves, since the e-mail sender then gives
 * its memory to the next message. Under jest, recycled memory is poisoned at once; messages are
 * sent in waves that reuse the previous wave's memory, and what each recipient got must be
 * exactly what was built for them.
 */
const WAVES = 4;
const PER_WAVE = 8;

function message(index: number): Buffer {
  const text = `Bonjour client ${index}, voici votre sélection personnelle. `.repeat(400 + (index % 3));
  return buildMimeMessage(
    createMimeLayout(`release-${index}`),
    {
      subject: `Sélection ${index}`,
      text: encodeQuotedPrintableSegment(text),
      html: encodeQuotedPrintableSegment(`<p>${text}</p>`),
    },
    { from: 'bonjour@maison-atlas.fr', to: `client${index}@exemple.fr`, messageId: `release-${index}@maison-atlas.fr` },
  );
}

/** Sends waves of messages, recycling each one as the e-mail sender does; returns what was built, by delivery id. */
async function sendAndRecycle(transport: EmailTransport): Promise<Map<string, Buffer>> {
  const built = new Map<string, Buffer>();
  for (let wave = 0; wave < WAVES; wave++) {
    await Promise.all(
      Array.from({ length: PER_WAVE }, async (_, i) => {
        const index = wave * PER_WAVE + i;
        const raw = message(index);
        built.set(`r${index}`, Buffer.from(raw));
        const outcome = await transport.send({
          deliveryId: `r${index}`,
          messageId: `<release-${index}@maison-atlas.fr>`,
          from: 'bonjour@maison-atlas.fr',
          to: `client${index}@exemple.fr`,
          raw,
        });
        expect(outcome.status).toBe('sent');
        recycleMessage(raw);
      }),
    );
    // A transport that kept a message would use it about now, after the memory was poisoned or reused.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return built;
}

/** What went wrong, per delivery: nothing when every message arrived exactly as built. */
function mismatches(
  built: Map<string, Buffer>,
  received: (deliveryId: string) => Buffer | undefined,
  signed = false,
): string[] {
  const problems: string[] = [];
  for (const [deliveryId, expected] of built) {
    const got = received(deliveryId);
    // A DKIM signature is a header prepended to the message.
    const body = got && signed ? got.subarray(Math.max(0, got.length - expected.length)) : got;
    if (!body) problems.push(`${deliveryId}: nothing received`);
    else if (!body.equals(expected))
      problems.push(
        `${deliveryId}: ${body.includes('<recycled message memory') ? 'recycled memory' : 'another content'} handed over`,
      );
  }
  return problems;
}

describe('a transport does not keep the raw message once its promise resolved', () => {
  it('recycled message memory is poisoned under test', () => {
    const raw = allocateMessage(10_000);
    raw.fill('x');
    const view = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    recycleMessage(raw);
    expect(view.toString('latin1')).toContain('<recycled message memory');
  });

  it('SMTP, without and with DKIM: every recipient gets exactly their own message', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const sink = new SmtpSink({ keepRaw: true });
    await sink.start();
    try {
      for (const dkim of [
        undefined,
        {
          domainName: 'maison-atlas.fr',
          keySelector: 'relance',
          privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
        },
      ]) {
        sink.received.length = 0;
        const transport = new SmtpTransport({
          url: sink.url,
          maxConnections: 3,
          rateLimit: 0,
          perDomainConcurrency: PER_WAVE,
          dkim,
        });
        try {
          const built = await sendAndRecycle(transport);
          const byId = new Map(sink.received.map((m) => [/^<release-(\d+)@/.exec(m.messageId ?? '')?.[1], m.raw]));
          expect(mismatches(built, (id) => byId.get(id.slice(1)), Boolean(dkim))).toEqual([]);
        } finally {
          await transport.close();
        }
      }
    } finally {
      await sink.stop();
    }
  });

  it('the file outbox: every .eml is exactly the message built', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-release-'));
    try {
      const built = await sendAndRecycle(new FileOutboxTransport(directory));
      expect(mismatches(built, (id) => fs.readFileSync(path.join(directory, `${id}.eml`)))).toEqual([]);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('catches a transport that writes the message after resolving (the check has teeth)', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-release-'));
    /** Resolves at once and writes later: the bug this rule forbids. */
    class LateWritingTransport implements EmailTransport {
      readonly name = 'late';
      send(outbound: OutboundEmail): Promise<SendOutcome> {
        setTimeout(() => fs.writeFileSync(path.join(directory, `${outbound.deliveryId}.eml`), outbound.raw), 5);
        return Promise.resolve({ status: 'sent', providerId: 'late' });
      }
      async close(): Promise<void> {}
    }
    try {
      const built = await sendAndRecycle(new LateWritingTransport());
      const problems = mismatches(built, (id) => fs.readFileSync(path.join(directory, `${id}.eml`)));
      expect(problems).toHaveLength(WAVES * PER_WAVE);
      expect(problems[0]).toMatch(/recycled memory|another content/);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
