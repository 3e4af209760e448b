import * as fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (never a browser downloaded by playwright); CHROMIUM_PATH to use another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * A page that watches what the console does: every request that is not to relance (or to an
 * origin the test allows) is aborted and recorded, and so is every console error, uncaught
 * exception and dialog other than a confirm() (an alert() would mean injected script ran).
 */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  offsite: string[];
  errors: string[];
  dialogs: string[];
  /** The confirm() questions the console asked (pause, cancel…): accepted, as a person clicking OK. */
  confirmations: string[];
}

export async function watchedPage(
  browser: Browser,
  origin: string,
  allowedOrigins: string[] = [],
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const watched: WatchedPage = { context, page, offsite: [], errors: [], dialogs: [], confirmations: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const requestOrigin = new URL(url).origin;
    if (requestOrigin === origin || allowedOrigins.includes(requestOrigin)) return route.continue();
    watched.offsite.push(url);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(`uncaught: ${error.message}`));
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'confirm') {
      watched.confirmations.push(dialog.message());
      void dialog.accept();
      return;
    }
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return watched;
}

const AXE = require.resolve('axe-core');

/**
 * axe-core's serious and critical violations on the page. Its source is evaluated through the
 * DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
 */
export async function accessibilityViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const results = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }>;
        };
      }
    ).axe;
    const outcome = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
    return outcome.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return results.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
