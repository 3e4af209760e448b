/**
 * The encoding of an imported file, and relance's Windows-1252 decoder.
 *
 * Guarantees: `detectEncoding` says UTF-8 only if the whole file is valid UTF-8, else
 * Windows-1252. `decodeWindows1252` maps all 256 bytes as the WHATWG Encoding Standard does (the
 * five bytes Windows-1252 leaves undefined, 0x81 0x8D 0x8F 0x90 0x9D, to the C1 control of the
 * same number); it keeps no state, so a file may be cut into chunks anywhere.
 *
 * What callers must do: nothing beyond passing bytes; a single-byte encoding never splits a
 * character across chunks.
 *
 * Why not a library (iconv-lite is installed for the benchmark only): Node's
 * `TextDecoder('windows-1252')` decodes Latin-1 since Node 20.18.3 and 22.13 (nodejs/node#56542,
 * #60888; 20.20 still does): ’ € œ … – would come out as invisible C1 controls. iconv-lite maps
 * the five undefined bytes to U+FFFD instead (a change of behaviour) and is no faster: in `npm run
 * bench infrastructure` (docs/benchmarks.md, "Why relance keeps its own Windows-1252 decoder"),
 * on text with accents only, what a customer file mostly holds, this decoder (then a single
 * native Latin-1 decode) is ~4× as fast at a fifth of the CPU; on text dense in ’ € œ, ~1.1×.
 */
import * as fs from 'node:fs';

export type TextEncoding = 'utf-8' | 'windows-1252';

/**
 * UTF-8 if the whole file decodes as UTF-8 (with or without BOM), else Windows-1252
 * (what Excel writes for "CSV (séparateur: point-virgule)" on a French Windows).
 * The scan is a cheap sequential read; guessing from the first block alone misreads
 * files whose first accent is far down.
 */
export async function detectEncoding(file: string): Promise<{ encoding: TextEncoding; bytes: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
      bytes += (chunk as Buffer).length;
      decoder.decode(chunk as Buffer, { stream: true });
    }
    decoder.decode();
    return { encoding: 'utf-8', bytes };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    return { encoding: 'windows-1252', bytes: fs.statSync(file).size };
  }
}

/** Windows-1252 bytes 0x80–0x9F differ from Latin-1; the rest maps 1:1 to U+0000–U+00FF. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Each byte's UTF-16 code unit, low byte then high byte (whatever the machine's endianness). */
const UNITS = Buffer.alloc(512);
for (let byte = 0; byte < 256; byte++)
  UNITS.writeUInt16LE(byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH.charCodeAt(byte - 0x80) : byte, byte * 2);

/** Reused from chunk to chunk: decoding is synchronous, and a fresh 32 KB per chunk is external memory for the collector. */
let scratch = Buffer.alloc(0);

export function decodeWindows1252(chunk: Buffer): string {
  const latin1 = chunk.toString('latin1');
  if (!/[\u0080-\u009F]/.test(latin1)) return latin1;
  // Some bytes differ from Latin-1: the chunk goes through the table into UTF-16, decoded natively
  // (a regular expression replacing them one by one costs more than the whole decode).
  if (scratch.length < chunk.length * 2) scratch = Buffer.allocUnsafe(chunk.length * 2);
  const units = scratch;
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i] << 1;
    units[i << 1] = UNITS[byte];
    units[(i << 1) + 1] = UNITS[byte + 1];
  }
  return units.toString('utf16le', 0, chunk.length * 2);
}
