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

export function decodeWindows1252(chunk: Buffer): string {
  const latin1 = chunk.toString('latin1');
  if (!/[\u0080-\u009F]/.test(latin1)) return latin1;
  return latin1.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}
