import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../support/cli';
import { createTestEnvironment, startHttp, type TestEnvironment } from '../support/test-app';
import { launchChromium, watchedPage, type WatchedPage } from './browser';

/**
 * What a browser spec needs: a fresh database (with the demo company when asked), users of each
 * role created by the CLI, relance serving the console on a loopback port, and Chromium.
 * Use it in beforeAll/afterAll; open one `watched()` page per test and check it with `checkWatched`.
 */
export interface ConsoleFixture {
  env: TestEnvironment;
  app: INestApplication;
  browser: Browser;
  origin: string;
  users: Record<'admin' | 'marketer' | 'manager', ConsoleUser>;
  /** `relance demo --json`'s campaign reports, when the fixture ran the demo. */
  demoReports: DemoReport[];
  watched(): Promise<WatchedPage>;
  signIn(page: Page, user: ConsoleUser): Promise<void>;
  close(): Promise<void>;
}

export interface ConsoleUser {
  email: string;
  password: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON report, read untyped by the specs
export type DemoReport = Record<string, any>;

/** A status the test itself asks for (a refusal) is logged by Chromium as a failed load: expected, not a fault. */
export const EXPECTED_REFUSAL = /the server responded with a status of (401|403|429)/;

export async function createConsoleUser(email: string, role: string, name?: string): Promise<ConsoleUser> {
  const created = await runCli('user', 'create', email, '--role', role, ...(name ? ['--name', name] : []), '--json');
  if (created.code !== 0) throw new Error(created.stderr);
  return { email, password: created.json<{ password: string }>().password };
}

/** Signs in through the form, as a person does, and waits for the page it lands on. */
export async function signInThroughForm(page: Page, origin: string, user: ConsoleUser): Promise<void> {
  await page.goto(`${origin}/connexion`);
  await page.getByLabel('Adresse e-mail').fill(user.email);
  await page.getByLabel('Mot de passe').fill(user.password);
  await Promise.all([page.waitForEvent('framenavigated'), page.getByRole('button', { name: 'Se connecter' }).click()]);
  await page.waitForLoadState('load');
}

export async function startConsole(
  options: { demo?: boolean; demoContacts?: number; env?: Record<string, string> } = {},
): Promise<ConsoleFixture> {
  const env = await createTestEnvironment(options.env);
  let demoReports: DemoReport[] = [];
  if (options.demo) {
    const demo = await runCli('demo', '--contacts', String(options.demoContacts ?? 1500), '--json');
    if (demo.code !== 0) throw new Error(`relance demo failed: ${demo.stderr}`);
    demoReports = demo.json();
  }
  const users = {
    admin: await createConsoleUser('admin@example.com', 'admin', 'Alice Admin'),
    marketer: await createConsoleUser('marketer@example.com', 'marketer', 'Mona Marketer'),
    manager: await createConsoleUser('manager@example.com', 'manager', 'Mehdi Manager'),
  };
  const app = await startHttp();
  await app.listen(0, '127.0.0.1');
  const origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    env,
    app,
    browser,
    origin,
    users,
    demoReports,
    watched: () => watchedPage(browser, origin),
    signIn: (page, user) => signInThroughForm(page, origin, user),
    close: async () => {
      await browser.close();
      await app.close();
      await env.close();
    },
  };
}

/** After a test: nothing left the machine, no console error (but the expected ones), no dialog (an alert() would be injected script). */
export async function checkWatched(watched: WatchedPage, allowedErrors?: RegExp): Promise<void> {
  await watched.context.close();
  expect(watched.offsite).toEqual([]);
  expect(watched.errors.filter((error) => !allowedErrors?.test(error))).toEqual([]);
  expect(watched.dialogs).toEqual([]);
}
