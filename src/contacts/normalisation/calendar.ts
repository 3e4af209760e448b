import { timeZoneOffsetMinutes, zonedTimeToUtc } from './dates';

/**
 * Calendar arithmetic on `YYYY-MM-DD` strings (no time-zone surprises), shared by segment rules,
 * templates, complaint due dates and report periods. "Today" is the calendar date of `now` in the
 * company's time zone.
 */

const ISO_DATE = /^([1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isIsoDate(value: unknown): value is string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return false;
  return Number(match[3]) <= daysInMonth(Number(match[1]), Number(match[2]));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

export function addDays(date: string, days: number): string {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** The calendar date of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  const shifted = new Date(at.getTime() + timeZoneOffsetMinutes(timeZone, at) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** The first instant of a calendar day in a time zone. */
export function startOfDay(date: string, timeZone: string): Date {
  const [year, month, day] = parts(date);
  return zonedTimeToUtc(year, month, day, 0, 0, 0, timeZone);
}

/** `month * 100 + day`: 229 for 29 February. */
export function monthDay(date: string): number {
  const [, month, day] = parts(date);
  return month * 100 + day;
}

/**
 * The month-days whose anniversary falls within `days` days from `today` (today included).
 * Someone born on 29 February celebrates on 28 February in common years, so 28 February of a
 * common year also stands for 29 February.
 */
export function anniversaryMonthDays(today: string, days: number): number[] {
  const result = new Set<number>();
  for (let offset = 0; offset <= Math.min(days, 366); offset++) {
    const date = addDays(today, offset);
    result.add(monthDay(date));
    if (monthDay(date) === 228 && !isLeapYear(Number(date.slice(0, 4)))) result.add(229);
  }
  return [...result].sort((a, b) => a - b);
}

/** Days until the next anniversary of `date` (0 when it is today), 29 February falling on 28 February in common years. */
export function daysToAnniversary(date: string, today: string): number {
  const [, month, day] = parts(date);
  const on = (year: number) => {
    const celebrated = month === 2 && day === 29 && !isLeapYear(year) ? 28 : day;
    return `${year}-${String(month).padStart(2, '0')}-${String(celebrated).padStart(2, '0')}`;
  };
  const year = Number(today.slice(0, 4));
  const thisYear = on(year);
  return thisYear >= today ? daysBetween(today, thisYear) : daysBetween(today, on(year + 1));
}

/** Full years between a birth date and today (29 February birthdays turn a year older on 1 March in common years). */
export function ageOn(birthDate: string, today: string): number {
  const [by] = parts(birthDate);
  const [ty] = parts(today);
  return ty - by - (monthDay(today) < monthDay(birthDate) ? 1 : 0);
}
