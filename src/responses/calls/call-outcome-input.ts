import { DomainError, type FieldProblem } from '../../core/errors/domain-error';

/** What an operator can say of a call, from the call screen. */
export const WORKED_OUTCOMES = [
  'reached',
  'appointment',
  'callback',
  'documentation',
  'refused',
  'wrong_number',
] as const;
export type WorkedOutcome = (typeof WORKED_OUTCOMES)[number];

export interface CallOutcomeInput {
  outcome: WorkedOutcome;
  /** The appointment's or the call-back's day (YYYY-MM-DD). */
  date: string | null;
  /** The appointment's time (HH:MM), optional. */
  time: string | null;
  note: string | null;
}

export const NOTE_MAX = 2000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function validDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * Reads a posted outcome: an appointment and a call-back need a day, today or later (`today` in
 * the installation's time zone); a note is at most NOTE_MAX characters. Problems name the field.
 */
export function parseCallOutcome(body: Record<string, unknown>, today: string): CallOutcomeInput {
  const problems: FieldProblem[] = [];
  const outcome = text(body.outcome);
  if (!outcome || !(WORKED_OUTCOMES as readonly string[]).includes(outcome))
    problems.push({ field: 'outcome', reason: `must be one of ${WORKED_OUTCOMES.join(', ')}` });
  const date = text(body.date);
  const time = text(body.time);
  const note = text(body.note);
  const needsDate = outcome === 'appointment' || outcome === 'callback';
  if (needsDate && !date) problems.push({ field: 'date', reason: 'required for an appointment or a call-back' });
  if (date && !validDay(date)) problems.push({ field: 'date', reason: 'must be a day written YYYY-MM-DD' });
  else if (needsDate && date && date < today) problems.push({ field: 'date', reason: 'must be today or later' });
  if (time && !TIME.test(time)) problems.push({ field: 'time', reason: 'must be a time written HH:MM' });
  if (note && note.length > NOTE_MAX) problems.push({ field: 'note', reason: `at most ${NOTE_MAX} characters` });
  if (problems.length)
    throw DomainError.invalid('calls.invalid_outcome', problems.map((p) => `${p.field} ${p.reason}`).join('; '), {
      fields: problems,
    });
  return {
    outcome: outcome as WorkedOutcome,
    date: needsDate ? date : null,
    time: outcome === 'appointment' ? time : null,
    note,
  };
}
