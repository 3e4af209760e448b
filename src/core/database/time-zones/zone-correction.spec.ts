import { nodeSteps } from './node-time-zone';
import { CHECKED_FROM, CHECKED_TO, correctZone, fileSteps, firstDifference } from './zone-correction';
import { parseTzif, writeTzif, type LocalTimeType, type ZoneData } from './tzif';

const at = (iso: string) => Date.parse(iso) / 1000;

/** A zone file as zic writes it from Node's data up to `until` (32-bit files stop in 2038), then `footer`. */
function fileFromNode(zone: string, types: LocalTimeType[], until: number, footer: string): ZoneData {
  const steps = nodeSteps(zone, CHECKED_FROM, until);
  const typeOf = (offset: number) => types.findIndex((type) => type.offset === offset);
  return {
    types,
    transitions: [
      { at: CHECKED_FROM - 86_400, type: typeOf(steps.initial) },
      ...steps.changes.map((change) => ({ at: change.at, type: typeOf(change.offset) })),
    ],
    footer,
  };
}

describe('zone files checked against Node', () => {
  const morocco: LocalTimeType[] = [
    { offset: -1820, isDst: false, abbreviation: 'LMT' },
    { offset: 3600, isDst: false, abbreviation: '+01' },
    { offset: 0, isDst: true, abbreviation: '+00' },
  ];

  it("replaces PGlite's Casablanca (UTC+0 for good from September 2026) by Node's data, keeping the names of its types", () => {
    const pglite = fileFromNode('Africa/Casablanca', morocco, at('2026-09-01T00:00:00Z'), '<+00>0');
    pglite.transitions.push({ at: at('2026-09-20T01:00:00Z'), type: 2 });
    const correction = correctZone('Africa/Casablanca', writeTzif(pglite))!;
    expect(correction.differsFrom.toISOString()).toBe('2026-09-20T01:00:00.000Z');
    const corrected = parseTzif(correction.data)!;
    expect(corrected.footer).toBe('');
    expect(corrected.types.slice(0, 3)).toEqual(morocco);
    const steps = fileSteps(corrected, CHECKED_FROM, CHECKED_TO)!;
    expect(
      firstDifference(steps, nodeSteps('Africa/Casablanca', CHECKED_FROM, CHECKED_TO), CHECKED_FROM, CHECKED_TO),
    ).toBeUndefined();
    // After 2100, the last offset: Morocco's UTC+1.
    expect(corrected.types[corrected.transitions.at(-1)!.type].offset).toBe(3600);
  });

  it('leaves a file that agrees with Node alone, its rule carrying it past its last transition', () => {
    const paris = fileFromNode(
      'Europe/Paris',
      [
        { offset: 3600, isDst: false, abbreviation: 'CET' },
        { offset: 7200, isDst: true, abbreviation: 'CEST' },
      ],
      at('2038-01-01T00:00:00Z'),
      'CET-1CEST,M3.5.0,M10.5.0/3',
    );
    expect(correctZone('Europe/Paris', writeTzif(paris))).toBeUndefined();
  });

  it('keeps the footer rule when it agrees with Node at the end, names a new offset by its value, and skips zones Node does not know', () => {
    const types = [{ offset: 3600, isDst: false, abbreviation: 'CET' }];
    const wrong: ZoneData = { types, transitions: [], footer: 'CET-1CEST,M3.5.0,M10.5.0/3' };
    // France had no summer time from 1946 to 1975: a rule alone differs from Node's from 1970.
    expect(correctZone('Europe/Paris', writeTzif(wrong))!.differsFrom.toISOString()).toBe('1970-03-29T01:00:00.000Z');
    expect(
      parseTzif(correctZone('Europe/Paris', writeTzif({ ...wrong, footer: 'CET-1CEST,M3.5.0,M10.4.0/3' }))!.data)!
        .footer,
    ).toBe('');
    const fixed = parseTzif(correctZone('Europe/Paris', writeTzif(wrong))!.data)!;
    expect(fixed.footer).toBe('CET-1CEST,M3.5.0,M10.5.0/3');
    expect(fixed.types.map((type) => type.abbreviation)).toEqual(['CET', '+02']);
    expect(correctZone('Not/A_Zone', writeTzif(wrong))).toBeUndefined();
    expect(correctZone('Europe/Paris', Buffer.from('garbage'))).toBeUndefined();
  });
});
