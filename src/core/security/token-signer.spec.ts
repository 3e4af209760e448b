import fc from 'fast-check';
import { TokenSigner } from './token-signer';

const signer = new TokenSigner({ key: Buffer.from('k'.repeat(64)), previousKeys: [] } as never);

describe('TokenSigner', () => {
  it('round-trips a payload and reveals nothing of it', () => {
    const token = signer.sign('unsubscribe', [12345, 'd-9']);
    expect(signer.verify('unsubscribe', token)).toEqual([12345, 'd-9']);
    expect(token).not.toContain('12345');
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain('12345');
  });

  it('refuses another purpose, and any altered token (property)', () => {
    const token = signer.sign('unsubscribe', [1]);
    expect(signer.verify('click', token)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...'ABCabc012-_'), (index, char) => {
        const altered = token.slice(0, index) + char + token.slice(index + 1);
        return altered === token || signer.verify('unsubscribe', altered) === undefined;
      }),
    );
    expect(signer.verify('unsubscribe', token.slice(0, -2))).toBeUndefined();
    expect(signer.verify('unsubscribe', '')).toBeUndefined();
    expect(signer.verify('unsubscribe', 'not a token!')).toBeUndefined();
  });

  it('gives different tokens for the same payload', () => {
    expect(signer.sign('x', [1])).not.toBe(signer.sign('x', [1]));
  });

  it('never reuses a nonce, across the batches it draws them in', () => {
    const nonces = Array.from({ length: 3000 }, () =>
      Buffer.from(signer.sign('x', [1]), 'base64url')
        .subarray(0, 12)
        .toString('hex'),
    );
    expect(new Set(nonces).size).toBe(3000);
  });

  it('after a key rotation, still opens tokens signed with a listed former key, and signs with the new one', () => {
    const token = signer.sign('unsubscribe', [7, 'd-1']);
    const rotated = new TokenSigner({
      key: Buffer.from('n'.repeat(64)),
      previousKeys: [Buffer.from('k'.repeat(64))],
    } as never);
    expect(rotated.verify('unsubscribe', token)).toEqual([7, 'd-1']);
    expect(signer.verify('unsubscribe', rotated.sign('unsubscribe', [7]))).toBeUndefined();
    expect(
      new TokenSigner({ key: Buffer.from('n'.repeat(64)), previousKeys: [] } as never).verify('unsubscribe', token),
    ).toBeUndefined();
  });
});
