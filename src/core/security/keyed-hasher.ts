import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { SecretKeyRecord } from './secret-key-record';

/**
 * Keyed hashes of normalised e-mail addresses and phone numbers: what the suppression list
 * stores, so it survives the erasure of a person and reveals nothing without the key.
 * Computed identically here and in SQL (PostgreSQL's built-in sha256, no extension needed):
 * sha256(key ‖ 0x00 ‖ utf8(value)), with the suppression list's own key (SecretKeyRecord):
 * derived from the installation's first SECRET_KEY, it stays the same when the key is rotated.
 */
@Injectable()
export class KeyedHasher {
  constructor(private readonly record: SecretKeyRecord) {}

  get key(): Buffer {
    return this.record.suppressionKey;
  }

  hash(value: string): Buffer {
    return createHash('sha256')
      .update(this.key)
      .update(Buffer.from([0]))
      .update(value, 'utf8')
      .digest();
  }

  /** SQL for the same hash of a text expression, with the key as bind parameter `keyParam` (e.g. `$1`). */
  static sql(expression: string, keyParam: string): string {
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE sha256(${keyParam}::bytea || '\\x00'::bytea || convert_to(${expression}, 'UTF8')) END`;
  }
}
