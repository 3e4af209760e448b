import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'a-shared-secret-of-some-length';
  const body = Buffer.from('{"delivery_id":"12","type":"delivered"}');
  const now = new Date('2026-11-24T10:00:00Z');
  const ts = String(Math.floor(now.getTime() / 1000));

  it('accepts the HMAC of the raw body, with or without a timestamp', () => {
    expect(verifyWebhookSignature(secret, body, { signature: signWebhook(secret, body) }, now)).toEqual({ ok: true });
    expect(
      verifyWebhookSignature(secret, body, { signature: signWebhook(secret, body, ts), timestamp: ts }, now),
    ).toEqual({ ok: true });
    expect(
      verifyWebhookSignature(
        secret,
        body,
        { signature: signWebhook(secret, body).toUpperCase().replace('SHA256', 'sha256') },
        now,
      ),
    ).toEqual({ ok: true });
  });

  it('refuses a missing, malformed or wrong signature, another body, another secret', () => {
    expect(verifyWebhookSignature(secret, body, {}, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('missing'),
    });
    expect(verifyWebhookSignature(secret, body, { signature: 'abc' }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('sha256='),
    });
    expect(
      verifyWebhookSignature(secret, Buffer.from(body.toString() + ' '), { signature: signWebhook(secret, body) }, now)
        .ok,
    ).toBe(false);
    expect(
      verifyWebhookSignature(secret, body, { signature: signWebhook('another-secret-entirely', body) }, now).ok,
    ).toBe(false);
  });

  it('refuses a replay: an old timestamp, or a timestamp changed or removed after signing', () => {
    const old = String(Number(ts) - 301);
    expect(
      verifyWebhookSignature(secret, body, { signature: signWebhook(secret, body, old), timestamp: old }, now),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('replay') });
    const signedOld = signWebhook(secret, body, old);
    expect(verifyWebhookSignature(secret, body, { signature: signedOld, timestamp: ts }, now).ok).toBe(false);
    expect(verifyWebhookSignature(secret, body, { signature: signedOld }, now).ok).toBe(false);
    expect(
      verifyWebhookSignature(secret, body, { signature: signWebhook(secret, body, ts), timestamp: 'yesterday' }, now),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('Unix seconds') });
  });
});
