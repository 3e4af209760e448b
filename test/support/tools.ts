import { execFileSync, spawnSync } from 'node:child_process';

/** Whether a command-line tool (pdftotext, qpdf…) is installed. */
export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/**
 * Tests that need poppler-utils or qpdf run when they are installed, and are required in CI
 * (`CI` set): there a missing tool fails the test instead of skipping it.
 */
export function itWithTools(tools: string[]): jest.It {
  return tools.every(hasTool) || process.env.CI ? it : it.skip;
}

export function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}
