import type { ArgumentsHost, INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { reportError } from '../../src/core/cli/cli-io';
import { DomainExceptionFilter } from '../../src/core/http/domain-exception.filter';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';

/**
 * Constraint violations and bad values refused by PostgreSQL itself (real errors from the real
 * driver) become domain errors with a code, through the HTTP filter (a 4xx) and the CLI (one line,
 * exit 1), never a 500 or a stack trace.
 */
describe('database errors caused by input', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment();
    app = await startContext();
    db = app.get(DataSource);
    await db.query(`CREATE TABLE scratch_parents (id int PRIMARY KEY)`);
    await db.query(`CREATE TABLE scratch_items (
      id int PRIMARY KEY, code text NOT NULL CONSTRAINT scratch_items_code_key UNIQUE,
      kind text CONSTRAINT scratch_items_kind_check CHECK (kind IN ('a', 'b')),
      parent_id int CONSTRAINT scratch_items_parent_id_fkey REFERENCES scratch_parents (id))`);
    await db.query(`INSERT INTO scratch_parents VALUES (1)`);
    await db.query(`INSERT INTO scratch_items VALUES (1, 'X1', 'a', 1)`);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  async function failure(sql: string, params: unknown[] = []): Promise<unknown> {
    return db.query(sql, params).then(
      () => {
        throw new Error(`expected ${sql} to fail`);
      },
      (error: unknown) => error,
    );
  }

  /** The response the exception filter writes; its body is read untyped, like a supertest body. */
  type Sent = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

  function throughHttp(error: unknown): Sent {
    const sent: Sent = { status: 0, body: undefined };
    const response = {
      headersSent: false,
      status: (code: number) => ((sent.status = code), response),
      json: (body: unknown) => ((sent.body = body), response),
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new DomainExceptionFilter().catch(error, host);
    return sent;
  }

  function throughCli(error: unknown): { code: number; stderr: string } {
    const lines: string[] = [];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back, never called unbound
    const write = process.stderr.write;
    process.stderr.write = (chunk: string) => (lines.push(chunk), true);
    try {
      return { code: reportError(error), stderr: lines.join('') };
    } finally {
      process.stderr.write = write;
    }
  }

  it.each([
    [
      'unique',
      `INSERT INTO scratch_items VALUES (2, 'X1')`,
      [],
      409,
      'database.duplicate',
      'code',
      /code "X1" already exists in scratch_items \(unique constraint scratch_items_code_key\)/,
    ],
    [
      'check',
      `INSERT INTO scratch_items VALUES (2, 'X2', 'zz')`,
      [],
      400,
      'database.check_violation',
      'kind',
      /kind: value not allowed in scratch_items \(check constraint scratch_items_kind_check\)/,
    ],
    [
      'foreign key',
      `INSERT INTO scratch_items VALUES (2, 'X2', 'a', 99)`,
      [],
      400,
      'database.unknown_reference',
      'parent_id',
      /parent_id "99": no such scratch_parents/,
    ],
    [
      'foreign key on delete',
      `DELETE FROM scratch_parents WHERE id = 1`,
      [],
      409,
      'database.still_referenced',
      'id',
      /still used by scratch_items/,
    ],
    [
      'not null',
      `INSERT INTO scratch_items (id) VALUES (3)`,
      [],
      400,
      'database.missing_value',
      'code',
      /code: is required/,
    ],
    [
      'invalid text representation',
      `SELECT $1::int`,
      ['NaN'],
      400,
      'database.invalid_value',
      'value',
      /invalid input syntax for type integer: "NaN"/,
    ],
    [
      'numeric out of range',
      `SELECT $1::numeric::bigint`,
      ['1e20'],
      400,
      'database.out_of_range',
      'value',
      /bigint out of range/,
    ],
    ['negative limit', `SELECT 1 LIMIT $1`, [-1], 400, 'database.invalid_value', 'value', /LIMIT must not be negative/],
  ])('%s violation: %s', async (_name, sql, params, status, code, field, message) => {
    const error = await failure(sql, params);
    const http = throughHttp(error);
    expect(http.status).toBe(status);
    expect(http.body.error).toMatchObject({
      code,
      message: expect.stringMatching(message),
      fields: [expect.objectContaining({ field })],
    });
    const cli = throughCli(error);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(message);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).not.toMatch(/QueryFailedError|\n\s+at /);
  });

  it('keeps other database errors internal: a bug is not the user’s fault', async () => {
    const error = await failure(`SELECT 1 / 0`);
    expect(throughHttp(error).status).toBe(500);
    expect(throughCli(error).stderr).toMatch(/unexpected error/);
  });
});
