import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { ROLES, type Role } from './api-key.entity';
import { decoyHash, generatePassword, hashPassword, verifyPassword } from './password-hash';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';

export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 200;
const EMAIL = /^[^@\s<>",;]+@[^@\s<>",;]+\.[^@\s<>",;]{2,}$/;

export type UserSummary = Pick<User, 'id' | 'email' | 'name' | 'role' | 'disabledAt' | 'createdAt' | 'lastSignInAt'>;

function invalid(code: string, field: string, reason: string): DomainError {
  return DomainError.invalid(code, `${field}: ${reason}`, { fields: [{ field, reason }] });
}

/** The e-mail as stored (trimmed, lower case), or a one-field error. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (!EMAIL.test(normalised) || normalised.length > 254)
    throw invalid('users.invalid_email', 'email', `must be an e-mail address (got "${email}")`);
  return normalised;
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH)
    throw invalid('users.weak_password', 'password', `must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH)
    throw invalid('users.weak_password', 'password', `must be at most ${PASSWORD_MAX_LENGTH} characters long`);
}

/**
 * The console's people: the CLI (`relance user …`) and the Paramètres page call these same
 * methods. Without a password, one is generated and returned once (never stored in clear).
 */
@Injectable()
export class UsersService {
  private readonly users: Repository<User>;

  constructor(
    dataSource: DataSource,
    private readonly sessions: SessionsService,
  ) {
    this.users = dataSource.getRepository(User);
  }

  async create(input: {
    email: string;
    role: string;
    name?: string;
    password?: string;
  }): Promise<{ user: UserSummary; password?: string }> {
    const email = normaliseEmail(input.email);
    if (!(ROLES as readonly string[]).includes(input.role))
      throw invalid('users.invalid_role', 'role', `must be one of ${ROLES.join(', ')} (got "${input.role}")`);
    const name = input.name?.trim() || null;
    if (name && name.length > 200) throw invalid('users.invalid_name', 'name', 'must be at most 200 characters long');
    const generated = input.password === undefined ? generatePassword() : undefined;
    const password = input.password ?? generated!;
    checkPassword(password);
    if (await this.users.existsBy({ email }))
      throw DomainError.conflict('users.email_taken', `email: a user with the e-mail ${email} already exists`, {
        fields: [{ field: 'email', reason: 'already taken' }],
      });
    const saved = await this.users.save(
      this.users.create({ email, name, role: input.role as Role, passwordHash: await hashPassword(password) }),
    );
    return { user: await this.get(saved.id), ...(generated ? { password: generated } : {}) };
  }

  async list(): Promise<UserSummary[]> {
    return this.users.find({ order: { createdAt: 'ASC', email: 'ASC' } });
  }

  async get(id: string): Promise<UserSummary> {
    const user = /^[0-9a-f-]{36}$/i.test(id) ? await this.users.findOneBy({ id }) : null;
    if (!user) throw DomainError.notFound('users.not_found', `no user with id "${id}"`);
    return user;
  }

  async findByEmail(email: string): Promise<UserSummary> {
    const user = await this.users.findOneBy({ email: email.trim().toLowerCase() });
    if (!user) throw DomainError.notFound('users.not_found', `email: no user with the e-mail ${email.trim()}`);
    return user;
  }

  /** A new password (generated and returned once when none is given); every open session of the user ends. */
  async setPassword(id: string, password?: string): Promise<{ user: UserSummary; password?: string }> {
    const user = await this.get(id);
    const generated = password === undefined ? generatePassword() : undefined;
    const chosen = password ?? generated!;
    checkPassword(chosen);
    await this.users.update({ id }, { passwordHash: await hashPassword(chosen) });
    await this.sessions.closeAllForUser(id);
    return { user, ...(generated ? { password: generated } : {}) };
  }

  /** The user can no longer sign in; open sessions end now. */
  async disable(id: string): Promise<UserSummary> {
    await this.get(id);
    await this.users.update({ id, disabledAt: IsNull() }, { disabledAt: new Date() });
    await this.sessions.closeAllForUser(id);
    return this.get(id);
  }

  /** The active user with this e-mail and password, or undefined; an unknown e-mail costs the same time as a wrong password. */
  async verify(email: string, password: string): Promise<UserSummary | undefined> {
    const user = await this.users.findOne({
      where: { email: email.trim().toLowerCase() },
      select: ['id', 'passwordHash', 'disabledAt'],
    });
    const matches = await verifyPassword(
      password.slice(0, PASSWORD_MAX_LENGTH),
      user?.passwordHash ?? (await decoyHash()),
    );
    if (!user || !matches || user.disabledAt) return undefined;
    await this.users.update({ id: user.id }, { lastSignInAt: new Date() });
    return this.get(user.id);
  }
}
