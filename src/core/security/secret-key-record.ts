import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretKeyService } from '../config/secret-key.service';
import { DatabaseConnection } from '../database/database-connection';
import { queryRows } from '../database/query-rows';
import { DomainError } from '../errors/domain-error';
import { derivedSuppressionKey, keyFingerprint, seal, unseal } from './key-sealing';

interface RecordRow {
  key_fingerprint: string;
  sealed_suppression_key: Buffer;
}

/**
 * The database's record of the secret key. Under another key, links already sent would stop
 * opening and, worse, the suppression list — keyed hashes of addresses, which cannot be re-keyed
 * without the addresses — would stop matching: erased people would become contactable again.
 * So at start-up the key must be the recorded one, or a rotation must be explicit: the former
 * key listed in RELANCE_PREVIOUS_SECRET_KEYS. The suppression list has a key of its own, sealed
 * under the secret key: a rotation seals it again under the new key and it never changes.
 */
@Injectable()
export class SecretKeyRecord implements OnModuleInit {
  private readonly logger = new Logger('SecretKey');
  private suppression?: Buffer;
  private verifying?: Promise<void>;

  constructor(
    private readonly secrets: SecretKeyService,
    private readonly dataSource: DataSource,
    private readonly connection: DatabaseConnection,
  ) {}

  /** The key of the suppression hashes; known once `verify` has run (at start-up). */
  get suppressionKey(): Buffer {
    if (!this.suppression)
      throw new Error('the secret key has not been checked against the database yet (SecretKeyRecord.verify)');
    return this.suppression;
  }

  /**
   * Before any worker or scheduler starts (their start-up hooks come after this one), when the
   * record's table exists; otherwise start-up checks after applying the migrations. A refused
   * process lets go of the database at once: it is never handed back to the caller to close.
   */
  async onModuleInit(): Promise<void> {
    const [{ present }] = await queryRows<{ present: boolean }>(
      this.dataSource,
      `SELECT to_regclass('secret_key_record') IS NOT NULL AS present`,
    );
    if (!present) return;
    try {
      await this.verify();
    } catch (error) {
      await this.connection.close();
      throw error;
    }
  }

  /**
   * Checks the key against the record (writing it on the first start), rotates the record when the
   * recorded key is a former one, and refuses any other key with one line.
   */
  verify(): Promise<void> {
    this.verifying ??= this.check();
    return this.verifying;
  }

  private async check(): Promise<void> {
    const key = this.secrets.key;
    await this.dataSource.query(
      `INSERT INTO secret_key_record (id, key_fingerprint, sealed_suppression_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
      [keyFingerprint(key), seal(key, derivedSuppressionKey(key))],
    );
    const [row] = await this.dataSource.query<RecordRow[]>(
      `SELECT key_fingerprint, sealed_suppression_key FROM secret_key_record WHERE id = 1`,
    );
    if (row.key_fingerprint === keyFingerprint(key)) {
      this.suppression = this.unsealed(key, row);
      return;
    }
    this.suppression = await this.dataSource.transaction((manager) => this.rotate(manager));
  }

  /** Under a lock: another process may be rotating at the same moment (then the record is already ours). */
  private async rotate(manager: EntityManager): Promise<Buffer> {
    const key = this.secrets.key;
    const [row] = await manager.query<RecordRow[]>(
      `SELECT key_fingerprint, sealed_suppression_key FROM secret_key_record WHERE id = 1 FOR UPDATE`,
    );
    if (row.key_fingerprint === keyFingerprint(key)) return this.unsealed(key, row);
    const former = this.secrets.previousKeys.find((previous) => keyFingerprint(previous) === row.key_fingerprint);
    if (!former) throw this.mismatch(row.key_fingerprint);
    const suppression = this.unsealed(former, row);
    await manager.query(
      `UPDATE secret_key_record SET key_fingerprint = $1, sealed_suppression_key = $2, rotated_at = now() WHERE id = 1`,
      [keyFingerprint(key), seal(key, suppression)],
    );
    this.logger.warn(
      `secret key rotated (fingerprint ${row.key_fingerprint.slice(0, 8)} → ${keyFingerprint(key).slice(0, 8)}): the suppression list is unchanged; ` +
        'links signed with the former key keep working as long as RELANCE_PREVIOUS_SECRET_KEYS lists it',
    );
    return suppression;
  }

  private unsealed(key: Buffer, row: RecordRow): Buffer {
    const suppression = unseal(key, row.sealed_suppression_key);
    if (!suppression)
      throw DomainError.unavailable(
        'config.secret_key_record_damaged',
        'the sealed suppression key in secret_key_record does not open with the key of the same fingerprint: restore the table from a backup',
      );
    return suppression;
  }

  private mismatch(recorded: string): DomainError {
    return DomainError.invalid(
      'config.secret_key_changed',
      `the secret key (${this.secrets.source}, fingerprint ${keyFingerprint(this.secrets.key).slice(0, 8)}) is not the one this database was set up with ` +
        `(fingerprint ${recorded.slice(0, 8)}): links already sent would break and erased people would become contactable again; ` +
        'put the former key back, or rotate explicitly by listing it in RELANCE_PREVIOUS_SECRET_KEYS',
    );
  }
}
