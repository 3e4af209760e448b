import { parseTzif, writeTzif, type ZoneData } from './tzif';

describe('TZif files', () => {
  const zone: ZoneData = {
    types: [
      { offset: -1820, isDst: false, abbreviation: 'LMT' },
      { offset: 3600, isDst: false, abbreviation: '+01' },
      { offset: 0, isDst: true, abbreviation: '+00' },
    ],
    transitions: [
      { at: -1773012580, type: 1 },
      { at: 2115680400, type: 2 },
      { at: 4102444800, type: 1 },
    ],
    footer: 'CET-1CEST,M3.5.0,M10.5.0/3',
  };

  it('reads back what it writes, transitions past 2038 included', () => {
    expect(parseTzif(writeTzif(zone))).toEqual(zone);
  });

  it('writes a version 2 file whose 32-bit block is the minimal one, and an empty footer when there is no rule', () => {
    const bytes = writeTzif({ ...zone, footer: '' });
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('TZif2');
    expect(bytes.readUInt32BE(32)).toBe(0);
    expect(bytes.subarray(bytes.length - 2).toString('latin1')).toBe('\n\n');
    expect(parseTzif(bytes)?.footer).toBe('');
  });

  it('rejects what is not a version 2 TZif file', () => {
    expect(parseTzif(Buffer.from('not a zone'))).toBeUndefined();
    const version1 = writeTzif(zone);
    version1[4] = 0;
    expect(parseTzif(version1)).toBeUndefined();
    expect(parseTzif(writeTzif(zone).subarray(0, 60))).toBeUndefined();
  });
});
