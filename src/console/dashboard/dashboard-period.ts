import { addDays, daysBetween, isIsoDate } from '../../contacts/normalisation/calendar';
import { calendarBounds, calendarPeriod, shiftCalendar, type CalendarUnit } from '../../reports/calendar-periods';
import { parsePeriod, type ReportPeriod } from '../../reports/report-period';
import { FRENCH_MONTHS } from '../../core/text/french-figures';

/**
 * The dashboard's period, from its GET form: `periode` (mois, trimestre, annee, personnalisee),
 * `debut` (a day of the month, quarter or year; the first day of a custom period) and `fin` (the
 * last day of a custom period). By default the current month, up to today. Pure.
 */
export type PeriodKind = 'mois' | 'trimestre' | 'annee' | 'personnalisee';

export const PERIOD_KINDS: ReadonlyArray<{ value: PeriodKind; label: string }> = [
  { value: 'mois', label: 'Mois' },
  { value: 'trimestre', label: 'Trimestre' },
  { value: 'annee', label: 'Année' },
  { value: 'personnalisee', label: 'Personnalisée' },
];

const UNITS: Record<Exclude<PeriodKind, 'personnalisee'>, CalendarUnit> = {
  mois: 'month',
  trimestre: 'quarter',
  annee: 'year',
};

/** A field of the form that could not be read: which one, and what to write instead. */
export class PeriodFieldError extends Error {
  constructor(
    readonly field: 'periode' | 'debut' | 'fin',
    readonly value: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export interface DashboardPeriod {
  kind: PeriodKind;
  period: ReportPeriod;
  /** In words: "octobre 2026", "4e trimestre 2026", "2026", "du 3 oct. au 7 déc. 2026"… */
  label: string;
  /** The period stops at today before its calendar end. */
  toDate: boolean;
  /** Links to the same kind of period just before and after (none after the current one). */
  previousHref: string | null;
  nextHref: string | null;
}

function text(field: PeriodFieldError['field'], value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new PeriodFieldError(field, '', 'une seule valeur est attendue');
  return value.trim() !== '' ? value.trim() : undefined;
}

function date(field: 'debut' | 'fin', value: unknown): string | undefined {
  const given = text(field, value);
  if (given !== undefined && !isIsoDate(given))
    throw new PeriodFieldError(field, given, 'une date au format AAAA-MM-JJ est attendue');
  return given;
}

export function periodHref(kind: PeriodKind, from: string, to?: string): string {
  return `/?periode=${kind}&debut=${from}${to ? `&fin=${to}` : ''}`;
}

function dayOf(day: string): string {
  const number = Number(day.slice(8, 10));
  return number === 1 ? '1er' : String(number);
}

function shortDate(day: string, withYear: boolean): string {
  const text = `${dayOf(day)} ${FRENCH_MONTHS[Number(day.slice(5, 7)) - 1]}`;
  return withYear ? `${text} ${day.slice(0, 4)}` : text;
}

function calendarLabel(kind: Exclude<PeriodKind, 'personnalisee'>, from: string): string {
  const year = from.slice(0, 4);
  const month = Number(from.slice(5, 7));
  if (kind === 'mois') return `${FRENCH_MONTHS[month - 1]} ${year}`;
  if (kind === 'trimestre') return `${month === 1 ? '1er' : `${(month + 2) / 3}e`} trimestre ${year}`;
  return year;
}

/** "du 1 octobre au 7 décembre 2026", "le 7 décembre 2026". */
export function daysLabel(from: string, to: string): string {
  if (from === to) return `le ${shortDate(from, true)}`;
  if (from.slice(0, 7) === to.slice(0, 7)) return `du ${dayOf(from)} au ${shortDate(to, true)}`;
  return `du ${shortDate(from, from.slice(0, 4) !== to.slice(0, 4))} au ${shortDate(to, true)}`;
}

/** The period the form asks for; `today` is the company's calendar date. Throws PeriodFieldError on bad input. */
export function dashboardPeriod(query: Record<string, unknown>, today: string, timeZone: string): DashboardPeriod {
  const kindText = text('periode', query.periode) ?? 'mois';
  const kind = PERIOD_KINDS.find((option) => option.value === kindText)?.value;
  if (!kind) throw new PeriodFieldError('periode', kindText, 'choisissez mois, trimestre, annee ou personnalisee');
  const from = date('debut', query.debut);
  if (kind === 'personnalisee') {
    const to = date('fin', query.fin) ?? today;
    const start = from ?? `${to.slice(0, 7)}-01`;
    if (start > to) throw new PeriodFieldError('fin', to, `la fin doit suivre le début (${start})`);
    const period = parsePeriod({ from: start, to }, timeZone);
    const days = daysBetween(start, to) + 1;
    return {
      kind,
      period,
      label: daysLabel(start, to),
      toDate: false,
      previousHref: periodHref(kind, addDays(start, -days), addDays(start, -1)),
      nextHref: to < today ? periodHref(kind, addDays(to, 1), addDays(to, days)) : null,
    };
  }
  const unit = UNITS[kind];
  const period = calendarPeriod(unit, from ?? today, today, timeZone);
  const next = shiftCalendar(unit, period.from, 1);
  return {
    kind,
    period,
    label: calendarLabel(kind, period.from),
    toDate: period.to < calendarBounds(unit, period.from).to,
    previousHref: periodHref(kind, shiftCalendar(unit, period.from, -1)),
    nextHref: next <= today ? periodHref(kind, next) : null,
  };
}
