import { nodeSteps } from './node-time-zone';
import { parsePosixRule, posixTransitions } from './posix-time-zone';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('POSIX TZ rules (the footers of zone files)', () => {
  it('reads offsets east of UTC, names in angle brackets and fixed zones', () => {
    expect(parsePosixRule('<+01>-1')).toEqual({ standardOffset: 3600 });
    expect(parsePosixRule('<-03>3')).toEqual({ standardOffset: -10800 });
    expect(parsePosixRule('IST-5:30')).toEqual({ standardOffset: 19800 });
    expect(parsePosixRule('CET-1CEST,M3.5.0,M10.5.0/3')?.daylight?.offset).toBe(7200);
    for (const wrong of ['', 'CET', '1', 'CET-1CEST', 'CET-1CEST,M3.5.0', 'CET-1CEST,M13.x.0,M10.5.0'])
      expect(parsePosixRule(wrong)).toBeUndefined();
  });

  it('gives the changes of Paris in 2027 at 01:00 UTC on the last Sundays of March and October', () => {
    const rule = parsePosixRule('CET-1CEST,M3.5.0,M10.5.0/3')!;
    expect(posixTransitions(rule, 2027, 2027)).toEqual([
      { at: at('2027-03-28T01:00:00Z'), offset: 7200 },
      { at: at('2027-10-31T01:00:00Z'), offset: 3600 },
    ]);
    expect(posixTransitions(parsePosixRule('<+01>-1')!, 2027, 2030)).toEqual([]);
  });

  // The footers tzdata writes for these zones, against Node's own data.
  it.each([
    ['Europe/Paris', 'CET-1CEST,M3.5.0,M10.5.0/3'],
    ['America/New_York', 'EST5EDT,M3.2.0,M11.1.0'],
    ['Australia/Sydney', 'AEST-10AEDT,M10.1.0,M4.1.0/3'],
    ['Europe/Dublin', 'IST-1GMT0,M10.5.0,M3.5.0/1'],
    ['America/Nuuk', '<-02>2<-01>,M3.5.0/-1,M10.5.0/0'],
    ['Pacific/Chatham', '<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45'],
    ['America/Santiago', '<-04>4<-03>,M9.1.6/24,M4.1.6/24'],
    ['Asia/Jerusalem', 'IST-2IDT,M3.4.4/26,M10.5.0'],
    ['Africa/Cairo', 'EET-2EEST,M4.5.5/0,M10.5.4/24'],
  ])('%s: the rule %s changes when Node does, 2030 to 2040', (zone, footer) => {
    const fromRule = posixTransitions(parsePosixRule(footer)!, 2030, 2039);
    expect(fromRule).toEqual(nodeSteps(zone, at('2030-01-01T00:00:00Z'), at('2040-01-01T00:00:00Z')).changes);
  });
});
