import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * What the database keeps about the secret key: a fingerprint, to notice a process started with
 * another key, and the suppression-hash key sealed under the secret key, so that the suppression
 * list keeps one key of its own whatever SECRET_KEY becomes, and a copy of the database alone
 * does not reveal it.
 */
const derive = (key: Buffer, purpose: string) => createHmac('sha256', key).update(purpose).digest();

/** 32 hex characters that identify a key without revealing it. */
export function keyFingerprint(key: Buffer): string {
  return derive(key, 'relance:key-fingerprint:v1').subarray(0, 16).toString('hex');
}

/**
 * The key relance has always hashed suppressed addresses with, derived from the secret key: an
 * installation keeps the one derived from its first key (what its stored hashes were made with).
 */
export function derivedSuppressionKey(key: Buffer): Buffer {
  return derive(key, 'relance:suppression-hash:v1');
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('relance:sealed-suppression-key:v1');

/** `secret` encrypted and authenticated (AES-256-GCM) under a key derived from `key`. */
export function seal(key: Buffer, secret: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', derive(key, 'relance:seal:v1'), nonce).setAAD(AAD);
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([nonce, sealed, cipher.getAuthTag()]);
}

/** What `seal` sealed under `key`; undefined under another key or when altered. */
export function unseal(key: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      derive(key, 'relance:seal:v1'),
      sealed.subarray(0, NONCE_BYTES),
    ).setAAD(AAD);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}
