import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CONFIGURATION_PAGE,
  DOCUMENTED_NAMESPACES,
  expectedConfigurationPage,
} from '../../../scripts/generate-config-doc';
import { PACKAGE_ROOT } from '../package-root';
import type { Env } from './config-schema';
import { loadConfig } from './relance-config';

/** The names of the variables a loader reads, whatever their values. */
function variablesRead(load: (env: Env) => unknown): string[] {
  const read = new Set<string>();
  const env = new Proxy(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  load(env);
  return [...read].sort();
}

const documented = DOCUMENTED_NAMESPACES.flatMap((namespace) => namespace.variables.map((variable) => variable.env));

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from the configuration namespaces', () => {
    const current = fs.readFileSync(CONFIGURATION_PAGE, 'utf8');
    const stale =
      'docs/configuration.md is out of date with the configuration schema: run `npm run docs:config` and commit it';
    expect({ page: expectedConfigurationPage(current) === current ? 'current' : stale }).toEqual({ page: 'current' });
  });

  it('documents each variable once', () => {
    expect(documented.filter((name, index) => documented.indexOf(name) !== index)).toEqual([]);
  });

  it.each(DOCUMENTED_NAMESPACES.map((namespace) => [namespace.title, namespace] as const))(
    '%s: documents exactly the variables it reads',
    (_title, namespace) => {
      const read = variablesRead((env) => namespace.load({ env, cwd: '/' }));
      const own = namespace.variables.map((variable) => variable.env).sort();
      // A namespace may read another's variable for a default (the country); it must read all of its own.
      expect(read.filter((name) => !documented.includes(name))).toEqual([]);
      expect(own.filter((name) => !read.includes(name))).toEqual([]);
    },
  );

  it('documents every variable loadConfig reads', () => {
    expect(variablesRead((env) => loadConfig(env, '/')).filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('names in README.md and docs/ only variables that exist', () => {
    const pages = [
      'README.md',
      ...fs
        .readdirSync(path.join(PACKAGE_ROOT, 'docs'))
        .filter((file) => file.endsWith('.md'))
        .map((file) => `docs/${file}`),
    ];
    const unknown: string[] = [];
    for (const page of pages) {
      const text = fs.readFileSync(path.join(PACKAGE_ROOT, page), 'utf8');
      for (const [mention, name, wildcard] of text.matchAll(
        /\b((?:RELANCE|SMTP|SMS|DATABASE)_[A-Z0-9_]*[A-Z0-9]|PUBLIC_URL|SECRET_KEY|LOG_LEVEL)(_?\*)?/g,
      )) {
        const known = wildcard ? documented.some((variable) => variable.startsWith(name)) : documented.includes(name);
        if (!known) unknown.push(`${page}: ${mention}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
