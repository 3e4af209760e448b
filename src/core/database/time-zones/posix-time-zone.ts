/**
 * The POSIX TZ strings that end TZif files (`CET-1CEST,M3.5.0,M10.5.0/3`, `<+01>-1`): the rule
 * for instants after the last listed transition, with the extensions of RFC 8536 (angle-bracket
 * names, rule times from −167 to 167 hours). Offsets here are seconds east of UTC, as in TZif.
 */
export interface PosixRule {
  standardOffset: number;
  /** Absent for a zone without daylight-saving time. */
  daylight?: { offset: number; start: RuleDate; end: RuleDate };
}

interface RuleDate {
  kind: 'julian-no-leap' | 'day-of-year' | 'month-week-day';
  /** J: 1–365; n: 0–365; M: month, week (5 = last), weekday (0 = Sunday). */
  values: number[];
  /** Seconds after local midnight (standard time for the start, daylight time for the end). */
  time: number;
}

const NAME = /^(?:<[A-Za-z0-9+-]{3,}>|[A-Za-z]{3,})/;
const OFFSET = /^[+-]?\d{1,3}(?::\d{1,2}){0,2}/;

function seconds(text: string): number {
  const sign = text.startsWith('-') ? -1 : 1;
  const [hours, minutes = 0, secs = 0] = text.replace(/^[+-]/, '').split(':').map(Number);
  return sign * (hours * 3600 + minutes * 60 + secs);
}

function parseDate(text: string): RuleDate | undefined {
  const match = /^(?:J(\d{1,3})|(\d{1,3})|M(\d{1,2})\.(\d)\.(\d))(?:\/([+-]?\d{1,3}(?::\d{1,2}){0,2}))?$/.exec(text);
  if (!match) return undefined;
  const time = match[6] === undefined ? 7200 : seconds(match[6]);
  if (match[1] !== undefined) return { kind: 'julian-no-leap', values: [Number(match[1])], time };
  if (match[2] !== undefined) return { kind: 'day-of-year', values: [Number(match[2])], time };
  return { kind: 'month-week-day', values: [Number(match[3]), Number(match[4]), Number(match[5])], time };
}

/** The rule of a TZ string, or undefined when it cannot be read. */
export function parsePosixRule(text: string): PosixRule | undefined {
  let rest = text;
  const take = (pattern: RegExp): string | undefined => {
    const match = pattern.exec(rest);
    if (match) rest = rest.slice(match[0].length);
    return match?.[0];
  };
  if (!take(NAME)) return undefined;
  const standard = take(OFFSET);
  if (standard === undefined) return undefined;
  // POSIX offsets count west of UTC: `CET-1` is one hour east.
  const standardOffset = 0 - seconds(standard);
  if (!rest) return { standardOffset };
  if (!take(NAME)) return undefined;
  const daylightText = take(OFFSET);
  const daylightOffset = daylightText === undefined ? standardOffset + 3600 : 0 - seconds(daylightText);
  const [start, end, extra] = rest.replace(/^,/, '').split(',').map(parseDate);
  if (!rest.startsWith(',') || !start || !end || extra !== undefined) return undefined;
  return { standardOffset, daylight: { offset: daylightOffset, start, end } };
}

const DAY = 86_400;

/** Seconds from the epoch to local midnight of the rule's day in `year` (a local date as if UTC). */
function ruleDay(year: number, date: RuleDate): number {
  const january1 = Date.UTC(year, 0, 1) / 1000;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (date.kind === 'day-of-year') return january1 + date.values[0] * DAY;
  if (date.kind === 'julian-no-leap') {
    const day = date.values[0];
    return january1 + (day - 1 + (leap && day > 59 ? 1 : 0)) * DAY;
  }
  const [month, week, weekday] = date.values;
  const first = Date.UTC(year, month - 1, 1) / 1000;
  const firstWeekday = new Date(first * 1000).getUTCDay();
  let day = 1 + ((weekday - firstWeekday + 7) % 7) + (week - 1) * 7;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  while (day > daysInMonth) day -= 7;
  return first + (day - 1) * DAY;
}

/**
 * The changes of offset the rule makes in the years `from` to `to`, in order. Where the rule says
 * daylight time all year (starts as the previous period ends), it makes none.
 */
export function posixTransitions(rule: PosixRule, from: number, to: number): Array<{ at: number; offset: number }> {
  const daylight = rule.daylight;
  if (!daylight) return [];
  const changes: Array<{ at: number; offset: number }> = [];
  for (let year = from; year <= to; year++) {
    changes.push({
      at: ruleDay(year, daylight.start) + daylight.start.time - rule.standardOffset,
      offset: daylight.offset,
    });
    changes.push({
      at: ruleDay(year, daylight.end) + daylight.end.time - daylight.offset,
      offset: rule.standardOffset,
    });
  }
  changes.sort((a, b) => a.at - b.at);
  // An end and the next start at the same instant cancel out (daylight time all year).
  const kept = changes.filter(
    (change, index) => changes[index - 1]?.at !== change.at && changes[index + 1]?.at !== change.at,
  );
  return kept.filter((change, index) => index === 0 || kept[index - 1].offset !== change.offset);
}
