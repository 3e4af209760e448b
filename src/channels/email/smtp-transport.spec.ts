import { SmtpSink } from '../../../bench/support/smtp-sink';
import { SmtpTransport } from './smtp-transport';

const raw = (to: string, id: string) =>
  Buffer.from(
    `From: a@exemple.fr\r\nTo: ${to}\r\nMessage-ID: <${id}@exemple.fr>\r\nSubject: test\r\n\r\nBonjour\r\n.\r\nligne qui commence par un point\r\n`,
  );

describe('SmtpTransport against a local SMTP sink', () => {
  it('classifies accepted, bounced, temporary, unknown and authentication outcomes', async () => {
    const sink = new SmtpSink({
      keepRaw: true,
      faults: {
        auth: { user: 'relance', pass: 'secret' },
        rcpt: (rcpt, attempt) =>
          rcpt.startsWith('nobody')
            ? { code: 550, text: '5.1.1 user unknown' }
            : rcpt.startsWith('busy') && attempt === 1
              ? { code: 450, text: '4.2.1 mailbox busy' }
              : undefined,
        data: (to) => (to[0].startsWith('drop') ? 'disconnect' : undefined),
      },
    });
    await sink.start();
    const transport = new SmtpTransport({ url: sink.url, maxConnections: 2, rateLimit: 0, perDomainConcurrency: 2 });
    try {
      expect(
        await transport.send({
          deliveryId: '1',
          messageId: '<1@x>',
          from: 'a@exemple.fr',
          to: 'zoe@exemple.fr',
          raw: raw('zoe@exemple.fr', '1'),
        }),
      ).toMatchObject({ status: 'sent' });
      expect(sink.received[0]).toMatchObject({ messageId: '<1@exemple.fr>', to: ['zoe@exemple.fr'] });
      expect(sink.received[0].raw!.toString()).toContain('\r\n..\r\nligne'); // dot-stuffed on the wire
      expect(
        await transport.send({
          deliveryId: '2',
          messageId: '<2@x>',
          from: 'a@exemple.fr',
          to: 'nobody@exemple.fr',
          raw: raw('nobody@exemple.fr', '2'),
        }),
      ).toMatchObject({ status: 'bounced', hard: true });
      expect(
        await transport.send({
          deliveryId: '3',
          messageId: '<3@x>',
          from: 'a@exemple.fr',
          to: 'busy@exemple.fr',
          raw: raw('busy@exemple.fr', '3'),
        }),
      ).toMatchObject({ status: 'retry' });
      expect(
        await transport.send({
          deliveryId: '3',
          messageId: '<3@x>',
          from: 'a@exemple.fr',
          to: 'busy@exemple.fr',
          raw: raw('busy@exemple.fr', '3'),
        }),
      ).toMatchObject({ status: 'sent' });
      expect(
        await transport.send({
          deliveryId: '4',
          messageId: '<4@x>',
          from: 'a@exemple.fr',
          to: 'drop@exemple.fr',
          raw: raw('drop@exemple.fr', '4'),
        }),
      ).toMatchObject({ status: 'unknown' });
    } finally {
      await transport.close();
    }
    const wrong = new SmtpTransport({
      url: sink.url.replace('secret', 'wrong'),
      maxConnections: 1,
      rateLimit: 0,
      perDomainConcurrency: 1,
    });
    try {
      expect(
        await wrong.send({
          deliveryId: '5',
          messageId: '<5@x>',
          from: 'a@exemple.fr',
          to: 'zoe@exemple.fr',
          raw: raw('zoe@exemple.fr', '5'),
        }),
      ).toMatchObject({ status: 'fatal' });
    } finally {
      await wrong.close();
      await sink.stop();
    }
  });
});
