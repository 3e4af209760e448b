import { createHmac } from 'node:crypto';
import { derivedSuppressionKey, keyFingerprint, seal, unseal } from './key-sealing';

describe('key sealing', () => {
  const first = Buffer.from('first-secret-key-0123456789abcdef0123');
  const second = Buffer.from('second-secret-key-0123456789abcdef012');

  it('fingerprints a key by 32 hex characters, the same each time, different for another key', () => {
    expect(keyFingerprint(first)).toMatch(/^[0-9a-f]{32}$/);
    expect(keyFingerprint(first)).toBe(keyFingerprint(Buffer.from(first)));
    expect(keyFingerprint(second)).not.toBe(keyFingerprint(first));
  });

  it('derives the suppression key as relance always has (existing hashes stay valid)', () => {
    expect(derivedSuppressionKey(first)).toEqual(
      createHmac('sha256', first).update('relance:suppression-hash:v1').digest(),
    );
  });

  it('unseals under the same key only, and refuses an altered seal', () => {
    const secret = derivedSuppressionKey(first);
    const sealed = seal(first, secret);
    expect(unseal(first, sealed)).toEqual(secret);
    expect(unseal(second, sealed)).toBeUndefined();
    const altered = Buffer.from(sealed);
    altered[14] ^= 1;
    expect(unseal(first, altered)).toBeUndefined();
    expect(unseal(first, sealed.subarray(0, 20))).toBeUndefined();
    expect(seal(first, secret)).not.toEqual(sealed);
  });
});
