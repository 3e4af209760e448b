import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/core/database/embedded-postgres';
import { nodeOffsetSeconds } from '../../src/core/database/time-zones/node-time-zone';
import { startEmptyEmbedded } from '../support/test-database';

/**
 * The embedded PGlite's own zone files stop in 2037 and put Africa/Casablanca at UTC+0 for good
 * from September 2026. Its zones are checked against Node's data and corrected when first used:
 * this runs on PGlite whatever DATABASE_URL says (the server has its own tzdata).
 */
describe('embedded PostgreSQL: time zones agree with Node', () => {
  let embedded: EmbeddedPostgres;
  let client: Client;

  beforeAll(async () => {
    embedded = await startEmptyEmbedded();
    client = new Client({ connectionString: embedded.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await embedded?.stop();
  });

  /** The database's offset (seconds east of UTC) in `zone` at each instant. */
  async function offsets(zone: string, instants: Date[]): Promise<number[]> {
    const { rows } = await client.query(
      `SELECT extract(epoch FROM (t AT TIME ZONE $1) - (t AT TIME ZONE 'UTC'))::int AS offset FROM unnest($2::timestamptz[]) WITH ORDINALITY AS x(t, n) ORDER BY n`,
      [zone, instants],
    );
    return rows.map((row) => row.offset);
  }

  const every = (from: string, to: string, hours: number) => {
    const instants: Date[] = [];
    for (let t = Date.parse(from); t < Date.parse(to); t += hours * 3_600_000) instants.push(new Date(t));
    return instants;
  };

  it('Casablanca: UTC+1 outside Ramadan, UTC+0 during it, every 6 hours from 2025 to 2031', async () => {
    const instants = every('2025-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 6);
    const expected = instants.map((t) => nodeOffsetSeconds('Africa/Casablanca', t.getTime() / 1000));
    expect(await offsets('Africa/Casablanca', instants)).toEqual(expected);
    expect(
      await offsets('Africa/Casablanca', [new Date('2027-07-14T12:00:00Z'), new Date('2027-02-20T12:00:00Z')]),
    ).toEqual([3600, 0]);
  });

  it.each([
    'Africa/El_Aaiun',
    'Europe/Paris',
    'America/New_York',
    'Australia/Sydney',
    'America/Sao_Paulo',
    'Asia/Gaza',
    'America/Asuncion',
    'Pacific/Chatham',
    'Asia/Kolkata',
  ])('%s: daily from 2020 to 2045 (past PGlite’s 2038 horizon)', async (zone) => {
    const instants = every('2020-01-01T00:00:00Z', '2045-01-01T00:00:00Z', 24);
    expect(await offsets(zone, instants)).toEqual(instants.map((t) => nodeOffsetSeconds(zone, t.getTime() / 1000)));
  });

  it('converts a Casablanca wall-clock time to the right instant, and names zones in any case', async () => {
    const { rows } = await client.query(
      `SELECT ('2027-07-14 09:30'::timestamp AT TIME ZONE 'Africa/Casablanca') AS summer, ('2027-02-20 09:30'::timestamp AT TIME ZONE 'africa/casablanca') AS ramadan`,
    );
    expect([rows[0].summer.toISOString(), rows[0].ramadan.toISOString()]).toEqual([
      '2027-07-14T08:30:00.000Z',
      '2027-02-20T09:30:00.000Z',
    ]);
  });
});
