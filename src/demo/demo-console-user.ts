import { DomainError } from '../core/errors/domain-error';
import type { UsersService } from '../core/auth/users.service';

export const DEMO_USER_EMAIL = 'demo@maison-atlas.test';

/**
 * The demo's console user (admin), with a fresh password each run: a second demo in the same
 * RELANCE_HOME resets it rather than failing, and the password is printed once, like any other.
 */
export async function demoConsoleUser(users: UsersService): Promise<{ email: string; password: string }> {
  try {
    const created = await users.create({ email: DEMO_USER_EMAIL, role: 'admin', name: 'Démo Maison Atlas' });
    return { email: DEMO_USER_EMAIL, password: created.password! };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'users.email_taken') throw error;
    const existing = await users.findByEmail(DEMO_USER_EMAIL);
    const reset = await users.setPassword(existing.id);
    return { email: DEMO_USER_EMAIL, password: reset.password! };
  }
}

/** How to open the console on the demo data, in the demo's closing words. */
export function consoleInstructions(publicUrl: string, user: { email: string; password: string }): string {
  return [
    '',
    'Open the web console on the demo data:',
    '  npx relance serve',
    `  then ${publicUrl}/ and sign in as ${user.email} with the password ${user.password}`,
    '  (shown once; `relance user password <email>` sets a new one)',
  ].join('\n');
}
