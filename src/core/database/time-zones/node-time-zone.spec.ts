import { nodeKnowsZone, nodeOffsetSeconds, nodeSteps } from './node-time-zone';

const at = (iso: string) => Date.parse(iso) / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe("Node's time-zone data", () => {
  it('has Morocco at UTC+1 except during Ramadan, to the second', () => {
    const steps = nodeSteps('Africa/Casablanca', at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z'));
    expect(steps.initial).toBe(3600);
    expect(steps.changes.map((change) => [iso(change.at), change.offset])).toEqual([
      ['2027-02-07T02:00:00.000Z', 0],
      ['2027-03-14T02:00:00.000Z', 3600],
    ]);
    expect(nodeOffsetSeconds('Africa/Monrovia', at('1971-06-01T00:00:00Z'))).toBe(-2670);
    expect(nodeKnowsZone('Mars/Olympus_Mons')).toBe(false);
  });

  // The weekly sampling relies on no zone changing and changing back within a week: checked
  // against daily sampling for the zones that change most often (every zone was checked once).
  it.each(['Africa/Casablanca', 'Asia/Gaza', 'Africa/Cairo', 'Asia/Tehran', 'America/Sao_Paulo', 'Pacific/Apia'])(
    '%s: weekly sampling finds every change daily sampling finds, 1970–2100',
    (zone) => {
      const [from, to] = [at('1970-01-01T00:00:00Z'), at('2101-01-01T00:00:00Z')];
      expect(nodeSteps(zone, from, to)).toEqual(nodeSteps(zone, from, to, 86_400));
    },
  );
});
