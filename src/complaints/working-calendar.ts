import Holidays from 'date-holidays';
import { zonedTimeToUtc } from '../contacts/normalisation/dates';
import { addDays, localDate } from '../contacts/normalisation/calendar';

/**
 * Working days of one country: Monday to Friday, minus the public holidays that `date-holidays`
 * knows for that country (type `public` only: bank holidays and observances are worked).
 * Days are local calendar dates (`YYYY-MM-DD`) in the calendar's time zone.
 */
export interface WorkingCalendar {
  country: string;
  timeZone: string;
  isWorkingDay(date: string): boolean;
}

const holidaysByCountryYear = new Map<string, ReadonlySet<string>>();

/** The public holidays of a country in a year, as `YYYY-MM-DD` (cached). */
export function publicHolidays(country: string, year: number): ReadonlySet<string> {
  const key = `${country}:${year}`;
  let days = holidaysByCountryYear.get(key);
  if (!days) {
    const calendar = new Holidays(country);
    const list = calendar.getHolidays(year) || [];
    days = new Set(list.filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)));
    holidaysByCountryYear.set(key, days);
  }
  return days;
}

/** Whether `date-holidays` has a calendar for this ISO country code. */
export function hasHolidayCalendar(country: string): boolean {
  return Boolean(new Holidays().getCountries()[country]);
}

export function workingCalendar(country: string, timeZone: string): WorkingCalendar {
  return {
    country,
    timeZone,
    isWorkingDay(date: string): boolean {
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) return false;
      return !publicHolidays(country, Number(date.slice(0, 4))).has(date);
    },
  };
}

/** Local wall-clock parts of an instant in a time zone. */
function localParts(
  at: Date,
  timeZone: string,
): { date: string; hour: number; minute: number; second: number; millisecond: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    date: localDate(at, timeZone),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    millisecond: at.getUTCMilliseconds(),
  };
}

/**
 * The instant `days` working days after `from`, at the same local time: each of the next
 * calendar days that is a working day counts one. Received on a Saturday, one working day
 * later is Monday at the same hour (Tuesday when Monday is a public holiday).
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkingCalendar): Date {
  const start = localParts(from, calendar.timeZone);
  let date = start.date;
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) counted++;
  }
  return atLocalTime(date, start, calendar.timeZone);
}

/** The instant `days` calendar days after `from`, at the same local time (across DST changes too). */
export function addCalendarDays(from: Date, days: number, timeZone: string): Date {
  const start = localParts(from, timeZone);
  return atLocalTime(addDays(start.date, days), start, timeZone);
}

function atLocalTime(
  date: string,
  time: { hour: number; minute: number; second: number; millisecond: number },
  timeZone: string,
): Date {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(
    zonedTimeToUtc(year, month, day, time.hour, time.minute, time.second, timeZone).getTime() + time.millisecond,
  );
}
