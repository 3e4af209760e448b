import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs on stderr (stdout belongs to CLI output). Personal data never goes into
 * log calls by convention; the redaction list is a second line of defence for careless objects.
 */
export const PERSONAL_FIELDS = [
  'email',
  'phone',
  'first_name',
  'last_name',
  'firstName',
  'lastName',
  'address_line1',
  'address_line2',
  'addressLine1',
  'addressLine2',
  'birth_date',
  'birthDate',
  'authorization',
  'password',
  'token',
  'key',
];

export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'relance', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** Nest's logger interface on top of pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    // Boot failures are rethrown (abortOnError: false) and reported once, in one line, by the caller.
    if (context === 'ExceptionHandler') return;
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
