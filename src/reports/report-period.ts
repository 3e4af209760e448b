import { DomainError } from '../core/errors/domain-error';
import { isIsoDate, addDays, localDate, startOfDay } from '../contacts/normalisation/calendar';

/**
 * A reporting period of whole local days: `from` and `to` are calendar dates (both included),
 * `start` and `end` the instants bounding it (`end` excluded), in the company's time zone.
 */
export interface ReportPeriod {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

function period(from: string, to: string, timeZone: string): ReportPeriod {
  return { from, to, start: startOfDay(from, timeZone), end: startOfDay(addDays(to, 1), timeZone) };
}

/** The period asked for; by default the current month up to today. */
export function parsePeriod(
  input: { from?: string; to?: string },
  timeZone: string,
  now: Date = new Date(),
): ReportPeriod {
  for (const field of ['from', 'to'] as const) {
    if (input[field] !== undefined && !isIsoDate(input[field])) {
      throw DomainError.invalid(
        'reports.bad_date',
        `${field}: must be a date as YYYY-MM-DD (got "${String(input[field])}")`,
        { fields: [{ field, reason: 'must be a date as YYYY-MM-DD' }] },
      );
    }
  }
  const to = input.to ?? localDate(now, timeZone);
  const from = input.from ?? `${to.slice(0, 7)}-01`;
  if (from > to)
    throw DomainError.invalid('reports.bad_period', `from (${from}) is after to (${to})`, {
      fields: [{ field: 'from', reason: 'after to' }],
    });
  return period(from, to, timeZone);
}

export function periodLengthDays(value: ReportPeriod): number {
  return Math.round((Date.parse(`${value.to}T00:00:00Z`) - Date.parse(`${value.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** The period of the same length just before (a month compared with the month before when it is one). */
export function previousPeriod(value: ReportPeriod, timeZone: string): ReportPeriod {
  const wholeMonth =
    value.from.endsWith('-01') &&
    addDays(value.to, 1).endsWith('-01') &&
    value.from.slice(0, 7) === value.to.slice(0, 7);
  if (wholeMonth) {
    const to = addDays(value.from, -1);
    return period(`${to.slice(0, 7)}-01`, to, timeZone);
  }
  const days = periodLengthDays(value);
  return period(addDays(value.from, -days), addDays(value.from, -1), timeZone);
}

/** The same dates a year earlier (29 February becomes 28 February). */
export function yearEarlier(value: ReportPeriod, timeZone: string): ReportPeriod {
  const shift = (date: string) => {
    const candidate = `${Number(date.slice(0, 4)) - 1}${date.slice(4)}`;
    return isIsoDate(candidate) ? candidate : `${Number(date.slice(0, 4)) - 1}-02-28`;
  };
  return period(shift(value.from), shift(value.to), timeZone);
}
