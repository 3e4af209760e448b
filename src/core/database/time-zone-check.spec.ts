import { nodeOffsetMinutes } from './time-zone-check';

describe('nodeOffsetMinutes', () => {
  it('gives the UTC offsets of Node’s time-zone data, daylight saving included', () => {
    expect(nodeOffsetMinutes('Europe/Paris', new Date('2027-01-15T12:00:00Z'))).toBe(60);
    expect(nodeOffsetMinutes('Europe/Paris', new Date('2027-07-15T12:00:00Z'))).toBe(120);
    expect(nodeOffsetMinutes('America/New_York', new Date('2027-07-15T12:00:00Z'))).toBe(-240);
    expect(nodeOffsetMinutes('Africa/Casablanca', new Date('2026-11-25T12:00:00Z'))).toBe(60);
    expect(nodeOffsetMinutes('UTC', new Date('2026-11-25T12:34:56Z'))).toBe(0);
  });
});
