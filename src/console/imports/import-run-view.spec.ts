import type { ImportRun } from '../../imports/import-runs.service';
import type { ImportSummary } from '../../imports/import.service';
import { REJECTS_SHOWN, runView } from './import-run-view';

function run(overrides: Partial<ImportRun>): ImportRun {
  return {
    id: 'r1',
    kind: 'contacts',
    fileName: 'clients.csv',
    storedFile: '/tmp/x',
    status: 'running',
    mapping: {},
    bytes: 1000,
    bytesRead: 250,
    rowsRead: 40,
    summary: null,
    failure: null,
    actor: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    stalled: false,
    ...overrides,
  };
}

const summary = (errors: number, truncated = false): ImportSummary => ({
  kind: 'contacts',
  inserted: 10,
  updated: 2,
  unchanged: 3,
  rejected: errors,
  duplicates: 0,
  rows: 15 + errors,
  errors: Array.from({ length: errors }, (_, i) => ({ line: i + 2, field: 'email', reason: 'not an e-mail' })),
  errors_truncated: truncated,
  errors_file: null,
  encoding: 'utf-8',
  delimiter: ';',
  duration_ms: 1500,
});

describe('import run view', () => {
  it('follows a running import by the bytes read and keeps polling', () => {
    expect(runView(run({}))).toMatchObject({
      status: 'import en cours',
      polling: true,
      progress: { percent: 25, rows: 40, bytes: 1000, bytesRead: 250 },
      summary: null,
      hasRejects: false,
    });
  });

  it('ends at 100 % with the summary and the first rejected lines, and stops polling', () => {
    const view = runView(run({ status: 'done', bytesRead: 990, summary: summary(REJECTS_SHOWN + 1) }));
    expect(view).toMatchObject({
      status: 'terminé',
      polling: false,
      progress: { percent: 100, rows: 15 + REJECTS_SHOWN + 1 },
      summary: { inserted: 10, updated: 2, unchanged: 3, rejected: REJECTS_SHOWN + 1, seconds: 1.5 },
      hasRejects: true,
      rejectsCut: true,
    });
    expect(view.rejects).toHaveLength(REJECTS_SHOWN);
    expect(runView(run({ status: 'done', summary: summary(1) })).rejectsCut).toBe(false);
    expect(runView(run({ status: 'done', summary: summary(1, true) })).rejectsCut).toBe(true);
  });

  it('says when an import failed or stalled, and stops polling', () => {
    expect(runView(run({ status: 'failed', failure: 'boom' }))).toMatchObject({
      status: 'arrêté sur une erreur',
      failure: 'boom',
      polling: false,
    });
    expect(runView(run({ stalled: true }))).toMatchObject({ status: 'interrompu', polling: false, stalled: true });
    expect(runView(run({ bytes: 0, bytesRead: 0 })).progress.percent).toBe(0);
  });
});
