import type { Board, BoardDueFilter, BoardQuery, BoardRow } from '../../complaints/complaint-board.service';
import { COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from '../../complaints/complaint-workflow';
import { formatDateTime } from '../shell/french-format';
import type { Problem } from './complaint-forms';
import { CAUSE_LABELS, CHANNEL_LABELS, DUE_STATE_LABELS, label, options, STATUS_LABELS } from './complaint-labels';

/** The board's due filter as the address says it (`/reclamations?echeance=depassee`, the dashboard's links). */
const DUE_WORDS: Record<string, BoardDueFilter> = { depassee: 'overdue', 'aujourd-hui': 'today', ouvertes: 'open' };
const DUE_WORD_LABELS: Record<string, string> = {
  depassee: 'Échéance dépassée',
  'aujourd-hui': "Échéance aujourd'hui",
  ouvertes: 'Toutes les ouvertes',
};

export const BOARD_PAGE_SIZE = 50;

export interface BoardForm {
  statut: string;
  canal: string;
  cause: string;
  suivi: string;
  echeance: string;
}

const word = (query: Record<string, unknown>, name: string) =>
  typeof query[name] === 'string' ? query[name].trim() : '';

/** The board's filters from the address, the service's query, and what is wrong in French. */
export function parseBoardQuery(
  query: Record<string, unknown>,
  causes: readonly string[],
): { form: BoardForm; query: BoardQuery; problems: Problem[] } {
  const form: BoardForm = {
    statut: word(query, 'statut'),
    canal: word(query, 'canal'),
    cause: word(query, 'cause'),
    suivi: word(query, 'suivi'),
    echeance: word(query, 'echeance'),
  };
  const problems: Problem[] = [];
  if (form.statut && !(COMPLAINT_STATUSES as readonly string[]).includes(form.statut))
    problems.push({ field: 'Statut', reason: 'choisissez un statut de la liste' });
  if (form.canal && !(COMPLAINT_CHANNELS as readonly string[]).includes(form.canal))
    problems.push({ field: 'Canal', reason: 'choisissez un canal de la liste' });
  if (form.cause && !causes.includes(form.cause))
    problems.push({ field: 'Cause', reason: 'choisissez une cause de la liste' });
  if (form.echeance && !Object.hasOwn(DUE_WORDS, form.echeance))
    problems.push({ field: 'Échéance', reason: 'choisissez une échéance de la liste' });
  const pageText = word(query, 'page');
  const page = pageText ? Number(pageText) : 1;
  if (!Number.isInteger(page) || page < 1 || page > 100_000)
    problems.push({ field: 'Page', reason: 'un numéro de page entier, à partir de 1' });
  return {
    form,
    problems,
    query: {
      status: form.statut || undefined,
      channel: form.canal || undefined,
      cause: form.cause || undefined,
      owner: form.suivi || undefined,
      due: form.echeance ? DUE_WORDS[form.echeance] : undefined,
      page,
      pageSize: BOARD_PAGE_SIZE,
    },
  };
}

function boardRow(row: BoardRow, timeZone: string) {
  return {
    reference: row.reference,
    href: `/reclamations/${encodeURIComponent(row.reference)}`,
    externalId: row.external_id,
    clientHref: `/contacts/${encodeURIComponent(row.external_id)}`,
    clientName: row.client_name ?? row.external_id,
    subject: row.subject,
    channel: label(CHANNEL_LABELS, row.channel),
    status: label(STATUS_LABELS, row.status),
    cause: label(CAUSE_LABELS, row.cause),
    owner: row.owner,
    priority: [row.urgent ? 'urgente' : null, row.important ? 'importante' : null].filter(Boolean).join(', '),
    receivedAt: formatDateTime(row.received_at, timeZone),
    dueAt: formatDateTime(row.due_at, timeZone),
    dueState: row.due_state,
    dueStateLabel: DUE_STATE_LABELS[row.due_state],
  };
}

function pageLink(form: BoardForm, page: number): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form) as Array<[string, string]>) if (value) params.set(name, value);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/reclamations?${query}` : '/reclamations';
}

/** What the board template shows: the filters with their choices, the rows, the pages. */
export function boardView(
  board: Board,
  form: BoardForm,
  problems: Problem[],
  context: { causes: readonly string[]; timeZone: string; canAct: boolean },
) {
  return {
    problems,
    canAct: context.canAct,
    filtered: Object.values(form).some(Boolean),
    filters: {
      statuses: options(COMPLAINT_STATUSES, STATUS_LABELS, form.statut),
      channels: options(COMPLAINT_CHANNELS, CHANNEL_LABELS, form.canal),
      causes: options(context.causes, CAUSE_LABELS, form.cause),
      owners: board.owners.map((owner) => ({ value: owner, label: owner, selected: owner === form.suivi })),
      dues: options(Object.keys(DUE_WORDS), DUE_WORD_LABELS, form.echeance),
    },
    rows: board.rows.map((row) => boardRow(row, context.timeZone)),
    total: board.total,
    page: board.page,
    pages: board.pages,
    previous: board.page > 1 ? pageLink(form, board.page - 1) : null,
    next: board.page < board.pages ? pageLink(form, board.page + 1) : null,
  };
}
