import { daysInMonth, isIsoDate } from '../contacts/normalisation/calendar';
import { parsePeriod, type ReportPeriod } from './report-period';

/**
 * Calendar periods a manager thinks in — the month, the quarter, the year containing a day — and
 * the months of a trend, as report periods of whole local days. A period never runs past today:
 * the current month is "from the 1st to today", as `relance kpi` gives it by default.
 */
export type CalendarUnit = 'month' | 'quarter' | 'year';

export const CALENDAR_UNITS: readonly CalendarUnit[] = ['month', 'quarter', 'year'];

function lastDayOfMonth(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** The first and last calendar days of the month, quarter or year containing `day`. */
export function calendarBounds(unit: CalendarUnit, day: string): { from: string; to: string } {
  if (!isIsoDate(day)) throw new Error(`relance: not a date: ${String(day)}`);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const first = unit === 'month' ? month : unit === 'quarter' ? month - ((month - 1) % 3) : 1;
  const last = unit === 'month' ? month : unit === 'quarter' ? first + 2 : 12;
  return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: lastDayOfMonth(year, last) };
}

/** The bounds clipped to `today` (a period to come has nothing to report yet: it starts and ends today). */
function clipped(bounds: { from: string; to: string }, today: string): { from: string; to: string } {
  if (bounds.to <= today) return bounds;
  return bounds.from <= today ? { from: bounds.from, to: today } : { from: today, to: today };
}

/** The month, quarter or year containing `day`, up to today at most. */
export function calendarPeriod(unit: CalendarUnit, day: string, today: string, timeZone: string): ReportPeriod {
  return parsePeriod(clipped(calendarBounds(unit, day), today), timeZone);
}

/** The first day of the month, quarter or year `steps` units after (or before, when negative) the one containing `day`. */
export function shiftCalendar(unit: CalendarUnit, day: string, steps: number): string {
  const months = (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12) * steps;
  const start = calendarBounds(unit, day).from;
  const index = Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * The `count` calendar months ending with the month of `to`, oldest first; the last one ends on
 * `to` (the month so far when `to` is today).
 */
export function monthsEnding(to: string, count: number, timeZone: string): ReportPeriod[] {
  if (!isIsoDate(to)) throw new Error(`relance: not a date: ${String(to)}`);
  if (!Number.isInteger(count) || count < 1) throw new Error(`relance: not a number of months: ${count}`);
  const months: ReportPeriod[] = [];
  for (let step = count - 1; step >= 0; step--) {
    const from = shiftCalendar('month', to, -step);
    const end = calendarBounds('month', from).to;
    months.push(parsePeriod({ from, to: end < to ? end : to }, timeZone));
  }
  return months;
}
