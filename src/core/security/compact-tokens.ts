import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { SecretKeyService } from '../config/secret-key.service';

/**
 * Short authenticated tokens for links that are minted by the dozen per message (tracked links,
 * the open pixel), where one sealed TokenSigner token per link would cost a cipher set-up, a
 * nonce and ~60 URL characters each. A token is one AES-256 block holding
 * `[kind 1 byte][id 6 bytes][index 2 bytes][7 zero bytes]`, encrypted under a key derived from
 * SECRET_KEY: every plaintext is distinct, so the block cipher acts as a pseudo-random
 * permutation; a forged or altered block decrypts to random bytes, whose 8 fixed bytes (kind and
 * zeros) match with probability 2^-64. It reveals nothing, not even the id. All the tokens of
 * a message come from one cipher call (22 characters each).
 */
export interface CompactPayload {
  id: number;
  index: number;
}

const BLOCK = 16;
const MAX_ID = 2 ** 48;

@Injectable()
export class CompactTokens {
  /** The current key first (it seals), then the former keys (they still open). */
  private keyValues?: Buffer[];

  constructor(private readonly secrets: SecretKeyService) {}

  private get keys(): Buffer[] {
    this.keyValues ??= [this.secrets.key, ...this.secrets.previousKeys].map((secret) =>
      createHmac('sha256', secret).update('relance:compact-token').digest(),
    );
    return this.keyValues;
  }

  /** One token per (kind, id, index), all in one AES call. `kind` separates purposes (1–255). */
  seal(items: Array<{ kind: number; id: number; index: number }>): string[] {
    const plain = Buffer.alloc(items.length * BLOCK);
    items.forEach(({ kind, id, index }, position) => {
      if (!Number.isInteger(kind) || kind < 1 || kind > 255) throw new RangeError(`token kind ${kind} is not 1–255`);
      if (!Number.isSafeInteger(id) || id < 0 || id >= MAX_ID)
        throw new RangeError(`token id ${id} does not fit in 48 bits`);
      if (!Number.isInteger(index) || index < 0 || index > 0xffff)
        throw new RangeError(`token index ${index} is not 0–65535`);
      const offset = position * BLOCK;
      plain[offset] = kind;
      plain.writeUIntBE(id, offset + 1, 6);
      plain.writeUInt16BE(index, offset + 7);
    });
    const cipher = createCipheriv('aes-256-ecb', this.keys[0], null).setAutoPadding(false);
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return items.map((_, position) => sealed.subarray(position * BLOCK, (position + 1) * BLOCK).toString('base64url'));
  }

  /** The payload of a genuine token of this kind, or undefined (altered, forged, other kind, not canonical). */
  open(kind: number, token: string | undefined): CompactPayload | undefined {
    if (!token || !/^[A-Za-z0-9_-]{22}$/.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== BLOCK || raw.toString('base64url') !== token) return undefined;
    // A link sent before a key rotation opens with the former key while it is listed.
    const plain = this.keys
      .map((key) => decrypt(key, raw))
      .find((block) => block[0] === kind && block.subarray(9).every((byte) => byte === 0));
    if (!plain) return undefined;
    return { id: plain.readUIntBE(1, 6), index: plain.readUInt16BE(7) };
  }
}

function decrypt(key: Buffer, block: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return Buffer.concat([decipher.update(block), decipher.final()]);
}
