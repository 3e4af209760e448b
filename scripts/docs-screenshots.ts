import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { createAppContext } from '../src/app/bootstrap';
import { ROLES } from '../src/core/runtime-role';
import { PACKAGE_ROOT } from '../src/core/package-root';
import { TemplatePreviewService } from '../src/templates/template-preview.service';
import { captureConsole } from './console-screenshots';

/**
 * `npm run docs:screenshots`: renders library templates with the sample data, the same way
 * `relance template preview` does, and writes PNGs to docs/screenshots/ — letters through
 * pdftoppm, e-mails through the system's headless Chromium (never a downloaded browser).
 */
const OUT = path.join(PACKAGE_ROOT, 'docs', 'screenshots');
const LETTERS = ['templates/letters/winback.hbs', 'templates/letters/loyalty-card-renewal.hbs'];
const EMAILS = ['templates/email/birthday.mjml', 'templates/email/satisfaction-survey.mjml'];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function name(reference: string): string {
  return `${path.basename(path.dirname(reference)).replace(/s$/, '')}-${path.basename(reference).replace(/\.(hbs|mjml)$/, '')}`;
}

async function main(): Promise<void> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-screenshots-'));
  Object.assign(process.env, { RELANCE_HOME: home, PUBLIC_URL: 'https://relance.example', LOG_LEVEL: 'warn' });
  delete process.env.DATABASE_URL;
  fs.mkdirSync(OUT, { recursive: true });
  const app = await createAppContext({ role: ROLES.command, schema: 'apply', defaultLogLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const previews = app.get(TemplatePreviewService);
    for (const reference of LETTERS) {
      const { pdf } = await previews.preview({ template: reference });
      const file = path.join(home, `${name(reference)}.pdf`);
      fs.writeFileSync(file, pdf!);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '90',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        file,
        path.join(OUT, name(reference)),
      ]);
      process.stderr.write(`docs/screenshots/${name(reference)}.png\n`);
    }
    const page = await browser.newPage({ viewport: { width: 680, height: 900 }, deviceScaleFactor: 1 });
    for (const reference of EMAILS) {
      const { html } = (await previews.preview({ template: reference })) as unknown as { html: string };
      await page.setContent(html, { waitUntil: 'load' });
      await page.screenshot({ path: path.join(OUT, `${name(reference)}.png`), fullPage: true });
      process.stderr.write(`docs/screenshots/${name(reference)}.png\n`);
    }
  } finally {
    await browser.close();
    await app.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

main()
  .then(() => captureConsole())
  .catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  });
