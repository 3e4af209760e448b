import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from './relance-config';

/**
 * The key that signs links and tokens. SECRET_KEY wins; otherwise a key is generated once
 * and kept in `$RELANCE_HOME/secret.key` (mode 0600) so links stay valid across restarts.
 * Former keys (RELANCE_PREVIOUS_SECRET_KEYS) still open links signed with them, and let the
 * database's record of the key move to the new one (see SecretKeyRecord).
 */
@Injectable()
export class SecretKeyService {
  private cached?: Buffer;

  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  get key(): Buffer {
    if (!this.cached) this.cached = Buffer.from(this.config.secretKey ?? readOrCreateKeyFile(this.config.home), 'utf8');
    return this.cached;
  }

  get previousKeys(): Buffer[] {
    return this.config.previousSecretKeys.map((key) => Buffer.from(key, 'utf8')).filter((key) => !key.equals(this.key));
  }

  /** Where the key comes from, for messages. */
  get source(): string {
    return this.config.secretKey ? 'SECRET_KEY' : path.join(this.config.home, 'secret.key');
  }
}

export function readOrCreateKeyFile(home: string): string {
  const file = path.join(home, 'secret.key');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(home, { recursive: true });
  const key = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}
