#!/usr/bin/env node
// The layering rule of docs/architecture.md, checked on every import under src/ (specs included):
// a folder imports only from its own layer or the layers below, and folders never import each
// other in a cycle. Prints each fault as file:line with the two folders and their layers; exit 1.
// Usage: node scripts/check-layers.mjs [root]   (root defaults to the repository's src/)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bottom to top; keep in step with the layer table of docs/architecture.md. */
export const LAYERS = [
  ['core'],
  ['contacts', 'consent', 'templates', 'channels'],
  ['segments', 'imports', 'privacy'],
  ['deliveries'],
  ['campaigns', 'automations', 'complaints', 'responses', 'signups'],
  ['reports'],
  ['console'],
  ['demo'],
  ['app'],
];

/**
 * Imports known to break the rule, each with the work that removes it. Keep this list empty;
 * an entry is `from-file -> to-file` relative to src/.
 */
const KNOWN_EXCEPTIONS = new Map([]);

const layerOf = new Map(LAYERS.flatMap((folders, index) => folders.map((folder) => [folder, index])));

function sourceFiles(root) {
  const files = [];
  (function walk(directory) {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|mts|cts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  })(root);
  return files.sort();
}

const IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bjest\.(?:mock|requireActual)\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g;

function resolveImport(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return base;
}

/** Every relative import of every file, as { file, line, target } with paths relative to root. */
export function importsUnder(root) {
  const imports = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const line = text.slice(0, match.index).split('\n').length;
      const target = path.relative(root, resolveImport(file, match[2]));
      imports.push({ file: path.relative(root, file), line, target });
    }
  }
  return imports;
}

const folderOf = (relativePath) => relativePath.split(path.sep)[0];

export function checkLayers(root) {
  const problems = [];
  const edges = new Map();
  for (const { file, line, target } of importsUnder(root)) {
    const from = folderOf(file);
    const to = folderOf(target);
    const where = `src/${file.split(path.sep).join('/')}:${line}`;
    if (!layerOf.has(from)) {
      problems.push(
        `${where}: folder "${from}" has no layer (add it to LAYERS in scripts/check-layers.mjs and to docs/architecture.md)`,
      );
      continue;
    }
    if (to.startsWith('..') || to === from) continue;
    if (!layerOf.has(to)) {
      problems.push(`${where}: imports folder "${to}", which has no layer`);
      continue;
    }
    const key = `${file.split(path.sep).join('/')} -> ${target.split(path.sep).join('/')}`;
    if (KNOWN_EXCEPTIONS.has(key)) continue;
    if (layerOf.get(to) > layerOf.get(from)) {
      problems.push(
        `${where}: upward import: ${from} (layer ${layerOf.get(from)}) imports ${to} (layer ${layerOf.get(to)})`,
      );
      continue;
    }
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, where);
  }
  problems.push(...folderCycles(edges));
  return problems;
}

/** Each cycle of the folder graph once, with one import for every arrow of it. */
function folderCycles(edges) {
  const cycles = [];
  const seen = new Set();
  const state = new Map();
  const stack = [];
  const visit = (folder) => {
    state.set(folder, 'open');
    stack.push(folder);
    for (const next of edges.get(folder)?.keys() ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(',');
        if (!seen.has(key)) {
          seen.add(key);
          const arrows = cycle.map((a, i) => {
            const b = cycle[(i + 1) % cycle.length];
            return `${a} -> ${b} (${edges.get(a).get(b)})`;
          });
          cycles.push(`folder cycle: ${arrows.join('; ')}`);
        }
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(folder, 'done');
  };
  for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder);
  return cycles;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src'));
  const problems = checkLayers(root);
  for (const problem of problems) console.error(problem);
  if (problems.length) {
    console.error(`check-layers: ${problems.length} fault(s); the layers are in docs/architecture.md`);
    process.exit(1);
  }
  console.log(
    `check-layers: ok (${LAYERS.flat().length} folders in ${LAYERS.length} layers, no upward import, no cycle)`,
  );
}
