import { decodeWindows1252 } from './encoding';

/** The WHATWG index for 0x80–0x9F; every other byte is its own code point. */
const HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const expected = (byte: number) => (byte >= 0x80 && byte < 0xa0 ? HIGH[byte - 0x80] : byte);

describe('Windows-1252 decoding', () => {
  it('maps every byte as the WHATWG Encoding Standard does, alone or among others', () => {
    for (let byte = 0; byte < 256; byte++) {
      expect(decodeWindows1252(Buffer.from([byte])).charCodeAt(0)).toBe(expected(byte));
      const text = decodeWindows1252(Buffer.from([0x41, byte, 0xe9, 0x92, byte]));
      expect([...text].map((c) => c.charCodeAt(0))).toEqual([0x41, expected(byte), 0xe9, 0x2019, expected(byte)]);
    }
  });

  it('decodes a chunk cut anywhere the same as the whole, long chunks after short ones included', () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 131) % 256));
    const whole = decodeWindows1252(bytes);
    for (const cut of [1, 5_000, 40_000, 69_999])
      expect(decodeWindows1252(bytes.subarray(0, cut)) + decodeWindows1252(bytes.subarray(cut))).toBe(whole);
    expect(decodeWindows1252(Buffer.from('Hélène', 'latin1'))).toBe('Hélène');
  });
});
