import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { ApiKey, ROLES, type Role } from './api-key.entity';

const KEY_PATTERN = /^rl_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const DUMMY_HASH = createHash('sha256').update('relance').digest();

export interface Principal {
  keyId: string;
  role: Role;
}

export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/**
 * API keys: `rl_<id>_<secret>`. Only a SHA-256 of the 256-bit random secret is stored
 * (a slow hash adds nothing for a random secret), and it is compared in constant time.
 */
@Injectable()
export class ApiKeyService {
  private readonly keys: Repository<ApiKey>;

  constructor(dataSource: DataSource) {
    this.keys = dataSource.getRepository(ApiKey);
  }

  async create(role: string, label?: string): Promise<{ key: string; id: string; role: Role }> {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw DomainError.invalid('auth.invalid_role', `role must be one of ${ROLES.join(', ')} (got "${role}")`);
    }
    const id = randomBytes(9)
      .toString('base64url')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '0')
      .slice(0, 12);
    const secret = randomBytes(32).toString('base64url');
    await this.keys.insert({ id, role: role as Role, secretHash: hashSecret(secret), label: label ?? null });
    return { key: `rl_${id}_${secret}`, id, role: role as Role };
  }

  async list(): Promise<Array<Pick<ApiKey, 'id' | 'role' | 'label' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>>> {
    return this.keys.find({
      select: ['id', 'role', 'label', 'createdAt', 'lastUsedAt', 'revokedAt'],
      order: { createdAt: 'ASC' },
    });
  }

  async revoke(id: string): Promise<void> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw DomainError.notFound('auth.key_not_found', `no active API key with id "${id}"`);
  }

  /** The principal for a presented key, or undefined. Timing does not depend on which part was wrong. */
  async verify(presented: string): Promise<Principal | undefined> {
    const match = KEY_PATTERN.exec(presented);
    const stored = match ? await this.keys.findOne({ where: { id: match[1], revokedAt: IsNull() } }) : null;
    const expected = stored?.secretHash ?? DUMMY_HASH;
    const actual = hashSecret(match?.[2] ?? '');
    const equal = timingSafeEqual(expected, actual);
    if (!stored || !equal) return undefined;
    if (!stored.lastUsedAt || Date.now() - stored.lastUsedAt.getTime() > 60_000) {
      void this.keys.update({ id: stored.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    }
    return { keyId: stored.id, role: stored.role };
  }
}
