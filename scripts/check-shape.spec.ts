import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.join(__dirname, 'check-shape.mjs');

/** A function declaration spanning exactly `lines` lines, braces included. */
function functionOf(name: string, lines: number): string {
  return [
    `export function ${name}(): number {`,
    '  let total = 0;',
    ...Array(lines - 4).fill('  total += 1;'),
    '  return total;',
    '}',
  ].join('\n');
}

function folderWith(files: Record<string, string>): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'shape-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), content);
  }
  return folder;
}

function run(folder: string): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [script, folder], { cwd: folder, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.split('\n').filter((line) => line !== '') };
}

describe('scripts/check-shape.mjs', () => {
  it('passes a folder whose files and functions are within the limits', () => {
    const folder = folderWith({
      'short.ts': `${functionOf('atTheLimit', 60)}\n`,
      'nested/also-short.ts': 'export const one = 1;\n',
    });
    expect(run(folder)).toEqual({ status: 0, lines: [] });
  });

  it('names every function over 60 lines and every file over 300, and exits 1', () => {
    const arrow = [
      'export const buildQuery = (): string[] => {',
      ...Array(59).fill("  'x',"),
      '  return [];',
      '};',
    ].join('\n');
    const method = [
      'export class Importer {',
      '  importFile(): void {',
      ...Array(60).fill('    void 0;'),
      '  }',
      '}',
    ].join('\n');
    const callback = [
      'export function register(items: number[]): void {',
      '  items.forEach((item) => {',
      ...Array(59).fill('    void item;'),
      '  });',
      '}',
    ].join('\n');
    const longFile = `${Array(300).fill('export const x = 1;').join('\n')}\n`;
    const folder = folderWith({
      'arrow.ts': `${arrow}\n`,
      'importer.ts': `${method}\n`,
      'long.ts': longFile,
      'deep/register.ts': `${callback}\n`,
      'ignored.spec.ts': `${functionOf('longSpecHelper', 90)}\n`,
    });
    const { status, lines } = run(folder);
    expect(status).toBe(1);
    expect(lines).toEqual([
      'arrow.ts:1 buildQuery 62 lines',
      'deep/register.ts:1 register 63 lines',
      'deep/register.ts:2 (callback of items.forEach) 61 lines',
      'importer.ts:2 Importer.importFile 62 lines',
      'long.ts:1 (file) 301 lines',
    ]);
  });
});
