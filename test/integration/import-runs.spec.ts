import type { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { DomainError } from '../../src/core/errors/domain-error';
import { ImportRunsService, type ImportRun } from '../../src/imports/import-runs.service';
import { createTestEnvironment, startContext, type TestEnvironment } from '../support/test-app';
import { writeFile } from '../support/files';

describe('imports run outside the request (real PostgreSQL)', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;
  let runs: ImportRunsService;
  let db: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment({ RELANCE_IMPORT_BATCH_SIZE: '100' });
    app = await startContext();
    runs = app.get(ImportRunsService);
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    delete process.env.RELANCE_IMPORT_BATCH_SIZE;
  });

  async function finished(id: string): Promise<ImportRun> {
    for (;;) {
      const run = await runs.get(id);
      if (run.status !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('records the rows read and the summary in its row, removes the file, and never starts twice', async () => {
    const lines = ['Réf;Prénom', ...Array.from({ length: 3000 }, (_, i) => `R${i};Zoé`), 'R1;Doublon'];
    const file = writeFile(env.home, 'run.csv', lines.join('\n'));
    const created = await runs.create({ kind: 'contacts', fileName: 'run.csv', storedFile: file, bytes: 1 });
    expect(created).toMatchObject({ status: 'analysed', rowsRead: 0, summary: null, stalled: false });
    const started = await runs.start(created.id, { Réf: 'external_id', Prénom: 'first_name' });
    expect(started.status).toBe('running');
    await expect(runs.start(created.id, {})).rejects.toMatchObject({ code: 'imports.already_started' });
    const done = await finished(created.id);
    expect(done).toMatchObject({ status: 'done', rowsRead: 3001, failure: null });
    expect(done.summary).toMatchObject({ inserted: 3000, rejected: 1, errors: [{ line: 3002, field: 'external_id' }] });
    expect(fs.existsSync(file)).toBe(false);
    expect(await db.query(`SELECT count(*)::int AS n FROM contacts`)).toEqual([{ n: 3000 }]);
  });

  it('marks a failed import with its reason, and answers 404 for an unknown one', async () => {
    const file = writeFile(env.home, 'bad.csv', 'Nom\nDupont\n');
    const created = await runs.create({ kind: 'contacts', fileName: 'bad.csv', storedFile: file, bytes: 1 });
    await runs.start(created.id, {});
    const failed = await finished(created.id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('missing required column external_id');
    await expect(runs.get('nope')).rejects.toBeInstanceOf(DomainError);
    await expect(runs.get('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('says a run whose progress stopped is stalled, and forgets uploads never confirmed after a day', async () => {
    const old = writeFile(env.home, 'old.csv', 'external_id\nA\n');
    const abandoned = await runs.create({ kind: 'contacts', fileName: 'old.csv', storedFile: old, bytes: 1 });
    await db.query(`UPDATE import_runs SET created_at = now() - interval '2 days' WHERE id = $1`, [abandoned.id]);
    const stuck = writeFile(env.home, 'stuck.csv', 'external_id\nB\n');
    const stalled = await runs.create({ kind: 'contacts', fileName: 'stuck.csv', storedFile: stuck, bytes: 1 });
    await db.query(
      `UPDATE import_runs SET status = 'running', updated_at = now() - interval '11 minutes' WHERE id = $1`,
      [stalled.id],
    );
    expect((await runs.get(stalled.id)).stalled).toBe(true);
    await db.query(`UPDATE import_runs SET updated_at = now() - interval '2 days' WHERE id = $1`, [stalled.id]);
    const next = writeFile(env.home, 'next.csv', 'external_id\nC\n');
    await runs.create({ kind: 'contacts', fileName: 'next.csv', storedFile: next, bytes: 1 });
    await expect(runs.get(abandoned.id)).rejects.toMatchObject({ kind: 'not_found' });
    expect(await runs.get(stalled.id)).toMatchObject({ status: 'failed', stalled: false });
    expect([fs.existsSync(old), fs.existsSync(stuck), fs.existsSync(next)]).toEqual([false, false, true]);
  });
});
