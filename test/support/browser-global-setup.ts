import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import globalSetup from './global-setup';

/** The browser tests need the console's bundle (what `npm run build` makes), then what every integration run needs. */
export default async function browserGlobalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build-console-assets.mjs')], {
    stdio: 'inherit',
  });
  await globalSetup();
}
