import { domainErrorFromDatabase } from '../database/database-errors';
import { DomainError } from '../errors/domain-error';

/**
 * The CLI's output contract: with --json, stdout carries exactly one JSON document and
 * everything for humans (messages, progress) goes to stderr. Exit codes: 0 ok, 1 handled
 * error (one line saying what and where), 2 bad usage.
 */
export class CliIo {
  private lastProgress = 0;

  constructor(readonly json: boolean) {}

  /** The command's result: JSON on stdout with --json, else the human rendering. */
  result<T>(value: T, human?: (value: T) => string): void {
    if (this.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
    else process.stdout.write((human ? human(value) : JSON.stringify(value, null, 2)) + '\n');
  }

  /** A message for the person at the terminal; never on stdout in --json mode. */
  info(message: string): void {
    (this.json ? process.stderr : process.stdout).write(message + '\n');
  }

  get interactive(): boolean {
    return Boolean(process.stderr.isTTY) && !process.env.CI;
  }

  /** A one-line progress bar on stderr, only on a terminal. */
  progress(done: number, total: number, label: string): void {
    if (!this.interactive) return;
    const now = Date.now();
    if (now - this.lastProgress < 100 && done < total) return;
    this.lastProgress = now;
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(ratio * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${label}\u001b[K`,
    );
  }

  endProgress(): void {
    if (this.interactive && this.lastProgress) process.stderr.write('\r\u001b[K');
    this.lastProgress = 0;
  }
}

/** Maps an error to its exit code and prints one line; unexpected errors keep their stack. */
export function reportError(thrown: unknown): number {
  const error = thrown instanceof DomainError ? thrown : (domainErrorFromDatabase(thrown) ?? thrown);
  if (error instanceof DomainError) {
    process.stderr.write(`relance: error: ${error.message}\n`);
    const fields = error.details?.fields;
    if (fields && fields.length > 1) {
      for (const field of fields.slice(0, 20))
        process.stderr.write(`  - ${field.line ? `line ${field.line}, ` : ''}${field.field}: ${field.reason}\n`);
    }
    return 1;
  }
  process.stderr.write(`relance: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}
