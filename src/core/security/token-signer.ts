import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { SecretKeyService } from '../config/secret-key.service';

/**
 * Sealed tokens for public links (unsubscribe, survey, double
 * opt-in). The payload — a small JSON array of internal ids — is encrypted and authenticated
 * with AES-256-GCM under a key derived per purpose: a token cannot be forged, altered,
 * re-targeted at another contact or reused for another purpose, and reveals nothing (not even
 * an internal id). No e-mail address or name ever appears in a URL.
 */
const NONCE_BYTES = 12;
const NONCES_PER_DRAW = 1024;

@Injectable()
export class TokenSigner {
  /** Per purpose: the current key first (it signs), then the former keys (they still open). */
  private readonly keys = new Map<string, Buffer[]>();
  // Random nonces drawn 1,024 at a time: one call to the random generator instead of one per
  // token (a campaign signs an unsubscribe link per message). Each is used once.
  private nonces = Buffer.alloc(0);
  private nextNonce = 0;

  constructor(private readonly secrets: SecretKeyService) {}

  private keysFor(purpose: string): Buffer[] {
    let keys = this.keys.get(purpose);
    if (!keys) {
      keys = [this.secrets.key, ...this.secrets.previousKeys].map((secret) =>
        createHmac('sha256', secret).update(`relance:token:${purpose}`).digest(),
      );
      this.keys.set(purpose, keys);
    }
    return keys;
  }

  private nonce(): Buffer {
    if (this.nextNonce + NONCE_BYTES > this.nonces.length) {
      this.nonces = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
      this.nextNonce = 0;
    }
    const nonce = this.nonces.subarray(this.nextNonce, this.nextNonce + NONCE_BYTES);
    this.nextNonce += NONCE_BYTES;
    return nonce;
  }

  sign(purpose: string, payload: Array<string | number>): string {
    const nonce = this.nonce();
    const cipher = createCipheriv('aes-256-gcm', this.keysFor(purpose)[0], nonce);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The payload of a genuine token for this purpose, or undefined (tampered, truncated, other purpose). */
  verify(purpose: string, token: string | undefined): Array<string | number> | undefined {
    if (!token || token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64url');
    // Only the canonical encoding: the unused low bits of the last character must not vary.
    if (raw.length < NONCE_BYTES + 16 + 2 || raw.toString('base64url') !== token) return undefined;
    // A link sent before a key rotation opens with the former key while it is listed.
    for (const key of this.keysFor(purpose)) {
      const payload = open(key, purpose, raw);
      if (payload) return payload;
    }
    return undefined;
  }
}

function open(key: Buffer, purpose: string, raw: Buffer): Array<string | number> | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([
      decipher.update(raw.subarray(NONCE_BYTES, raw.length - 16)),
      decipher.final(),
    ]).toString('utf8');
    const payload: unknown = JSON.parse(plain);
    // Sealed by `seal` above, so an array holds only what was signed: strings and numbers.
    return Array.isArray(payload) ? (payload as Array<string | number>) : undefined;
  } catch {
    return undefined;
  }
}
