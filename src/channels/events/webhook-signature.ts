import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signed request older (or newer) than this is refused as a possible replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * The signature of a webhook body: `sha256=` + hex HMAC-SHA256 under the shared secret, of the
 * raw body — or, when the sender gives a timestamp (Unix seconds), of `<timestamp>.<raw body>`,
 * so that the timestamp cannot be changed to replay an old request.
 */
export function signWebhook(secret: string, rawBody: Buffer | string, timestamp?: number | string): string {
  const hmac = createHmac('sha256', secret);
  if (timestamp !== undefined) hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `sha256=${hmac.digest('hex')}`;
}

export function verifyWebhookSignature(
  secret: string,
  rawBody: Buffer,
  header: { signature?: string; timestamp?: string },
  now: Date = new Date(),
): SignatureCheck {
  const presented = header.signature?.trim();
  if (!presented) return { ok: false, reason: 'missing X-Relance-Signature header' };
  const match = /^sha256=([0-9a-f]{64})$/i.exec(presented);
  if (!match) return { ok: false, reason: 'X-Relance-Signature must be sha256=<64 hex digits>' };
  const timestamp = header.timestamp?.trim();
  if (timestamp !== undefined && timestamp !== '') {
    if (!/^\d{9,11}$/.test(timestamp)) return { ok: false, reason: 'X-Relance-Timestamp must be Unix seconds' };
    const age = now.getTime() / 1000 - Number(timestamp);
    if (Math.abs(age) > SIGNATURE_TOLERANCE_SECONDS)
      return {
        ok: false,
        reason: `X-Relance-Timestamp is ${Math.round(age)} s away from now (at most ${SIGNATURE_TOLERANCE_SECONDS} s): refused as a possible replay`,
      };
  }
  const expected = Buffer.from(signWebhook(secret, rawBody, timestamp || undefined).slice('sha256='.length), 'hex');
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  if (!timingSafeEqual(expected, given)) return { ok: false, reason: 'signature does not match the body' };
  return { ok: true };
}
