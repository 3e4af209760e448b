import type { Command } from 'commander';
import type { WithApp } from '../cli/command-runner';
import { DomainError } from '../errors/domain-error';
import { UsersService, type UserSummary } from './users.service';

/** The first line of stdin (a password piped in, never on the command line where `ps` shows it). */
async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw DomainError.invalid(
      'users.password_stdin',
      'password: --password-stdin expects the password piped on standard input',
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  if (!password) throw DomainError.invalid('users.password_stdin', 'password: nothing was read on standard input');
  return password;
}

function userJson(user: UserSummary) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled_at: user.disabledAt,
    created_at: user.createdAt,
    last_sign_in_at: user.lastSignInAt,
  };
}

function shownOnce(password: string | undefined): string {
  return password ? `\npassword: ${password}\n(keep it now: it is not shown again)` : '';
}

export function registerUserCommands(program: Command, withApp: WithApp): void {
  const user = program.command('user').description('people who sign in to the web console');
  addCreateCommand(user, withApp);
  addListCommand(user, withApp);
  addPasswordCommand(user, withApp);
  addDisableCommand(user, withApp);
}

function addCreateCommand(user: Command, withApp: WithApp): void {
  user
    .command('create <email>')
    .description('create a console user (a password is generated and printed once unless --password-stdin)')
    .option('--role <role>', 'admin, marketer or manager')
    .option('--name <text>', "the person's name, as the console shows it")
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print {"id","email","role","password"?} on stdout')
    .action(
      async (email: string, options: { role?: string; name?: string; passwordStdin?: boolean; json?: boolean }) => {
        if (!options.role)
          throw DomainError.invalid('users.invalid_role', 'role: required (--role admin, marketer or manager)');
        const password = options.passwordStdin ? await passwordFromStdin() : undefined;
        await withApp(options, async (app, io) => {
          const created = await app
            .get(UsersService)
            .create({ email, role: options.role!, name: options.name, password });
          const result = {
            id: created.user.id,
            email: created.user.email,
            role: created.user.role,
            ...(created.password ? { password: created.password } : {}),
          };
          io.result(result, (r: typeof result) => `created ${r.email} (${r.role})${shownOnce(r.password)}`);
        });
      },
    );
}

function addListCommand(user: Command, withApp: WithApp): void {
  user
    .command('list')
    .description('list console users')
    .option('--json', 'JSON output')
    .action(async (options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const rows = (await app.get(UsersService).list()).map(userJson);
        io.result(
          rows,
          (r: typeof rows) =>
            r
              .map((u) =>
                `${String(u.email).padEnd(32)} ${String(u.role).padEnd(8)} ${u.disabled_at ? 'disabled' : 'active  '} ${u.name ?? ''}`.trimEnd(),
              )
              .join('\n') || 'no users',
        );
      });
    });
}

function addPasswordCommand(user: Command, withApp: WithApp): void {
  user
    .command('password <email>')
    .description("set a new password (generated and printed once unless --password-stdin); the user's sessions end")
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print {"id","email","password"?} on stdout')
    .action(async (email: string, options: { passwordStdin?: boolean; json?: boolean }) => {
      const password = options.passwordStdin ? await passwordFromStdin() : undefined;
      await withApp(options, async (app, io) => {
        const users = app.get(UsersService);
        const changed = await users.setPassword((await users.findByEmail(email)).id, password);
        const result = {
          id: changed.user.id,
          email: changed.user.email,
          ...(changed.password ? { password: changed.password } : {}),
        };
        io.result(result, (r: typeof result) => `password changed for ${r.email}${shownOnce(r.password)}`);
      });
    });
}

function addDisableCommand(user: Command, withApp: WithApp): void {
  user
    .command('disable <email>')
    .description('the user can no longer sign in; their sessions end')
    .option('--json', 'JSON output')
    .action(async (email: string, options: { json?: boolean }) => {
      await withApp(options, async (app, io) => {
        const users = app.get(UsersService);
        const disabled = await users.disable((await users.findByEmail(email)).id);
        io.result(userJson(disabled), () => `disabled ${disabled.email}`);
      });
    });
}
