import type { INestApplicationContext } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { SmtpSink } from '../../bench/support/smtp-sink';
import { createCampaign, launchAndWait, seedContacts } from '../support/campaign-fixtures';
import { verifyDkim } from '../support/dkim-verifier';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

describe('DKIM signing covers the one-click unsubscribe headers (SMTP sink, real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  const sink = new SmtpSink({ keepRaw: true });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  beforeAll(async () => {
    await sink.start();
    env = await createTestEnvironment({
      SMTP_URL: sink.url,
      RELANCE_DKIM_DOMAIN: 'maison-atlas.fr',
      RELANCE_DKIM_SELECTOR: 'relance2026',
      RELANCE_DKIM_PRIVATE_KEY: privateKey,
      RELANCE_UNSUBSCRIBE_MAILTO: 'desinscription@maison-atlas.fr',
      RELANCE_CAP_7_DAYS: '0',
      RELANCE_CAP_30_DAYS: '0',
    });
    app = await startContext();
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    await sink.stop();
  });

  it('signs List-Unsubscribe and List-Unsubscribe-Post, and the signature verifies with the public key', async () => {
    await seedContacts(
      app,
      env.home,
      [1, 2, 3].map((i) => ({ id: `DK${i}`, email: `dk${i}@exemple.fr`, consent: ['email'] as Array<'email'> })),
    );
    const id = await createCampaign(app, {
      segment: { all: [{ field: 'external_id', op: 'starts_with', value: 'DK' }] },
    });
    await launchAndWait(app, id);
    expect(sink.received).toHaveLength(3);
    for (const message of sink.received) {
      const raw = message.raw!.toString('latin1');
      const unfolded = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
      expect(unfolded).toMatch(
        /^List-Unsubscribe: <https?:\/\/[^>]+\/u\/[^>]+>, <mailto:desinscription@maison-atlas\.fr[^>]*>\r$/m,
      );
      expect(unfolded).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      const check = verifyDkim(message.raw!, publicKey);
      expect(check).toMatchObject({ ok: true, tags: { d: 'maison-atlas.fr', s: 'relance2026', a: 'rsa-sha256' } });
      expect(check.signedHeaders).toEqual(
        expect.arrayContaining(['from', 'subject', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']),
      );
      // Covered means protected: change either header in transit and the signature breaks.
      const tampered = Buffer.from(raw.replace(/<https?:\/\/[^>]+\/u\/[^>]+>/, '<https://evil.example/u/x>'), 'latin1');
      expect(verifyDkim(tampered, publicKey)).toMatchObject({ ok: false, reason: 'signature does not verify' });
      const dropped = Buffer.from(raw.replace(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n/m, ''), 'latin1');
      expect(verifyDkim(dropped, publicKey).ok).toBe(false);
    }
  });
});
