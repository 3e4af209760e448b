import { fail } from './field-error';

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const FRENCH_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2})[:h](\d{2})(?::(\d{2}))?$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 1000) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/** A calendar date as `YYYY-MM-DD`, or undefined if the text is not one. Accepts ISO and French `JJ/MM/AAAA`. */
export function tryParseDate(raw: string): string | undefined {
  const value = raw.trim();
  let match = ISO_DATE.exec(value);
  let year: number, month: number, day: number;
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = FRENCH_DATE.exec(value))) {
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return undefined;
  }
  return validDate(year, month, day) ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

export function parseDate(raw: string): string {
  const parsed = tryParseDate(raw);
  if (!parsed) fail(`not a date (expected YYYY-MM-DD or JJ/MM/AAAA): "${raw}"`);
  return parsed;
}

/** `today` as YYYY-MM-DD; memoised because imports ask for it once per row. */
let lastToday: { time: number; iso: string } | undefined;
function isoDay(today: Date): string {
  if (lastToday?.time !== today.getTime()) lastToday = { time: today.getTime(), iso: today.toISOString().slice(0, 10) };
  return lastToday.iso;
}

export function parseBirthDate(raw: string, today: Date = new Date()): string {
  const date = parseDate(raw);
  if (date < '1900-01-01') fail(`birth date before 1900: "${raw}"`);
  if (date > isoDay(today)) fail(`birth date in the future: "${raw}"`);
  return date;
}

/** Intl formatters per time zone, built once: creating one costs more than rendering a short e-mail. */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/** Offset in minutes of `timeZone` from UTC at instant `at`. */
export function timeZoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = wallClockFormat(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant of a wall-clock time in a time zone (DST-aware; a skipped hour moves forward). */
export function zonedTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - timeZoneOffsetMinutes(timeZone, new Date(guess)) * 60000;
  const second_ = guess - timeZoneOffsetMinutes(timeZone, new Date(first)) * 60000;
  return new Date(second_);
}

/**
 * An instant from ISO-8601 (`2026-03-14T10:30:00+01:00`, or a date alone) or French `JJ/MM/AAAA [HH:MM]`.
 * Without an offset the time is read in `timeZone`.
 */
export function parseInstant(raw: string, timeZone: string): Date {
  const value = raw.trim();
  let match = ISO_DATE_TIME.exec(value);
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
    if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59)
      fail(`not a valid date and time: "${raw}"`);
    if (match[7]) {
      const instant = new Date(value.replace(' ', 'T'));
      if (Number.isNaN(instant.getTime())) fail(`not a valid date and time: "${raw}"`);
      return instant;
    }
    return zonedTimeToUtc(year, month, day, hour, minute, second, timeZone);
  }
  if ((match = FRENCH_DATE_TIME.exec(value))) {
    const [day, month, year, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
    if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59)
      fail(`not a valid date and time: "${raw}"`);
    return zonedTimeToUtc(year, month, day, hour, minute, second, timeZone);
  }
  const date = tryParseDate(value);
  if (!date) fail(`not a date (expected ISO-8601 such as 2026-03-14T10:30:00+01:00, or JJ/MM/AAAA HH:MM): "${raw}"`);
  const [year, month, day] = date.split('-').map(Number);
  return zonedTimeToUtc(year, month, day, 0, 0, 0, timeZone);
}
