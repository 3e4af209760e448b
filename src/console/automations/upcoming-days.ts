import type { UpcomingMessage } from '../../automations/automation-upcoming';

/** One day of an automation's next sends: how many, and the first few recipients. */
export interface UpcomingDay {
  /** The local date, YYYY-MM-DD (not `date`: a template would take it for the helper). */
  day: string;
  /** "lundi 7 décembre". */
  label: string;
  count: number;
  sample: Array<{
    externalId: string;
    channel: string;
    sendAt: string;
    status: UpcomingMessage['status'];
    /** Why it is postponed, in French (null when it goes at its time). */
    reason: string | null;
  }>;
  /** Messages of the day beyond the sample. */
  more: number;
}

export interface UpcomingView {
  from: string;
  to: string;
  days: UpcomingDay[];
  total: number;
  /** The list reached the service's limit: there are at least `total` messages. */
  capped: boolean;
}

const POSTPONED_BECAUSE: Record<string, string> = {
  frequency_cap: 'plafond de sollicitations atteint',
  quiet_hours: "hors des heures d'envoi des SMS",
};

function postponedBecause(reason: string | null): string | null {
  return reason === null ? null : (POSTPONED_BECAUSE[reason] ?? reason);
}

const localDates = new Map<string, Intl.DateTimeFormat>();

/** An instant's date in a time zone, YYYY-MM-DD. */
export function localDate(instant: string | Date, timeZone: string): string {
  let format = localDates.get(timeZone);
  if (!format)
    localDates.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })),
    );
  return format.format(new Date(instant));
}

const dayLabel = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/** Every date from `first` to `last` (YYYY-MM-DD), both included. */
function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${first}T12:00:00Z`); ; day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    if (date > last) return dates;
    dates.push(date);
  }
}

/**
 * `automation upcoming`'s messages by local day (the installation's time zone), every day of the
 * window shown, even empty: how many messages each, and the first `sampleSize` recipients.
 */
export function upcomingDays(
  upcoming: { from: string; to: string; total: number; messages: UpcomingMessage[] },
  options: { timeZone: string; sampleSize: number; limit: number },
): UpcomingView {
  const byDate = new Map<string, UpcomingMessage[]>();
  for (const message of upcoming.messages) {
    const date = localDate(message.send_at, options.timeZone);
    byDate.set(date, [...(byDate.get(date) ?? []), message]);
  }
  const window = datesBetween(localDate(upcoming.from, options.timeZone), localDate(upcoming.to, options.timeZone));
  // A message postponed past the window (quiet hours) is still listed by the service: its day too.
  const dates = [...new Set([...window, ...byDate.keys()])].sort();
  const days = dates.map((date) => {
    const messages = byDate.get(date) ?? [];
    return {
      day: date,
      label: dayLabel.format(new Date(`${date}T12:00:00Z`)),
      count: messages.length,
      sample: messages.slice(0, options.sampleSize).map((message) => ({
        externalId: message.external_id,
        channel: message.channel,
        sendAt: message.send_at,
        status: message.status,
        reason: postponedBecause(message.reason),
      })),
      more: Math.max(0, messages.length - options.sampleSize),
    };
  });
  return {
    from: upcoming.from,
    to: upcoming.to,
    days,
    total: upcoming.messages.length,
    capped: upcoming.total > upcoming.messages.length || upcoming.messages.length >= options.limit,
  };
}
