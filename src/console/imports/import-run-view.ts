import type { ImportRun } from '../../imports/import-runs.service';
import { KIND_LABELS } from './import-labels';

/** Rejected lines shown in the page; every one of them is in the CSV. */
export const REJECTS_SHOWN = 200;

const STATUS_LABELS: Record<ImportRun['status'], string> = {
  analysed: 'en attente de la correspondance des colonnes',
  running: 'import en cours',
  done: 'terminé',
  failed: 'arrêté sur une erreur',
};

/**
 * A started import as its page shows it: the progress bar (bytes of the file read, so it moves
 * for a file of any size, with the rows read beside it), then the summary and the rejected lines.
 * Polling stops once the import is over, or when it has stalled (its process stopped).
 */
export function runView(run: ImportRun) {
  const over = run.status === 'done' || run.status === 'failed';
  const bytesRead = over ? run.bytes : Math.min(run.bytesRead, run.bytes);
  const summary = run.status === 'done' ? run.summary : null;
  const errors = summary?.errors ?? [];
  return {
    id: run.id,
    fileName: run.fileName,
    kind: KIND_LABELS[run.kind] ?? run.kind,
    status: run.stalled ? 'interrompu' : STATUS_LABELS[run.status],
    polling: run.status === 'running' && !run.stalled,
    stalled: run.stalled,
    progress: {
      bytes: run.bytes,
      bytesRead,
      percent: run.bytes > 0 ? Math.floor((bytesRead / run.bytes) * 100) : over ? 100 : 0,
      rows: summary ? summary.rows : run.rowsRead,
    },
    failure: run.status === 'failed' ? (run.failure ?? '') : null,
    summary: summary && {
      rows: summary.rows,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
      duplicates: summary.duplicates,
      seconds: summary.duration_ms / 1000,
    },
    rejects: errors.slice(0, REJECTS_SHOWN),
    rejectsCut: summary ? summary.errors_truncated || errors.length > REJECTS_SHOWN : false,
    hasRejects: errors.length > 0,
  };
}
