import type { DataSource } from 'typeorm';

/** Zones relance's users live in, checked against the database's own time-zone data. */
export const CHECKED_ZONES = [
  'Europe/Paris',
  'Africa/Casablanca',
  'Africa/El_Aaiun',
  'Europe/Brussels',
  'Europe/Zurich',
  'America/Montreal',
  'Indian/Reunion',
  'America/Martinique',
];

/** UTC offset in minutes of `zone` at `at`, from Node's (ICU) time-zone data. */
export function nodeOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * Local times (birthdays at 09:30, sending hours) are computed by the database. Compares a
 * server's time-zone data with Node's for the zones that matter (an old tzdata misses recent
 * rule changes). Returns the zones that disagree. The embedded database needs no such check:
 * its zones are corrected from Node's data as they are used (time-zones/embedded-time-zones.ts).
 */
export async function timeZoneMismatches(
  dataSource: DataSource,
  zones: string[],
  at = new Date(),
): Promise<Array<{ zone: string; database: number; expected: number }>> {
  const rows: Array<{ zone: string; minutes: number }> = await dataSource.query(
    `SELECT z AS zone, (extract(epoch FROM ($1::timestamptz AT TIME ZONE z) - ($1::timestamptz AT TIME ZONE 'UTC')) / 60)::int AS minutes
     FROM unnest($2::text[]) AS z`,
    [at, zones],
  );
  return rows
    .map((row) => ({ zone: row.zone, database: row.minutes, expected: nodeOffsetMinutes(row.zone, at) }))
    .filter((row) => row.database !== row.expected);
}
