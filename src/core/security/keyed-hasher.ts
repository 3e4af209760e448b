import { Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { SecretKeyService } from '../config/secret-key.service';

/**
 * Keyed hashes of normalised e-mail addresses and phone numbers: what the suppression list
 * stores, so it survives the erasure of a person and reveals nothing without the key.
 * Computed identically here and in SQL (PostgreSQL's built-in sha256, no extension needed):
 * sha256(key ‖ 0x00 ‖ utf8(value)), with a key derived from SECRET_KEY for this purpose only.
 */
@Injectable()
export class KeyedHasher {
  private cachedKey?: Buffer;

  constructor(private readonly secrets: SecretKeyService) {}

  get key(): Buffer {
    this.cachedKey ??= createHmac('sha256', this.secrets.key).update('relance:suppression-hash:v1').digest();
    return this.cachedKey;
  }

  hash(value: string): Buffer {
    return createHash('sha256').update(this.key).update(Buffer.from([0])).update(value, 'utf8').digest();
  }

  /** SQL for the same hash of a text expression, with the key as bind parameter `keyParam` (e.g. `$1`). */
  static sql(expression: string, keyParam: string): string {
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE sha256(${keyParam}::bytea || '\\x00'::bytea || convert_to(${expression}, 'UTF8')) END`;
  }
}
