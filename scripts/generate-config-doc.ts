import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_NAMESPACES } from '../src/core/config/config-namespaces';
import { withGeneratedTables } from '../src/core/config/configuration-doc';
import { PACKAGE_ROOT } from '../src/core/package-root';
import { MODULE_NAMESPACES } from './config-doc/module-namespaces';

/**
 * `npm run docs:config`: writes the variable tables of docs/configuration.md (between its
 * `generated` markers) from the configuration namespaces. `-- --check` writes nothing and exits 1
 * when the page is not what the code would write (CI runs it).
 */
export const CONFIGURATION_PAGE = path.join(PACKAGE_ROOT, 'docs', 'configuration.md');

export const DOCUMENTED_NAMESPACES = [...CORE_NAMESPACES, ...MODULE_NAMESPACES];

export function expectedConfigurationPage(current: string): string {
  return withGeneratedTables(current, DOCUMENTED_NAMESPACES);
}

function main(argv: string[]): number {
  const current = fs.readFileSync(CONFIGURATION_PAGE, 'utf8');
  const expected = expectedConfigurationPage(current);
  const relative = path.relative(process.cwd(), CONFIGURATION_PAGE);
  if (argv.includes('--check')) {
    if (expected === current) return 0;
    process.stderr.write(
      `${relative} is out of date with the configuration schema: run \`npm run docs:config\` and commit it\n`,
    );
    return 1;
  }
  if (expected !== current) fs.writeFileSync(CONFIGURATION_PAGE, expected);
  process.stdout.write(`${relative} ${expected === current ? 'already up to date' : 'written'}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
