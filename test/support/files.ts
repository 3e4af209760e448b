import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFile(directory: string, name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Encodes text as Windows-1252 (what Excel writes on a French Windows). */
export function windows1252(text: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '’': 0x92, œ: 0x9c, Œ: 0x8c, '…': 0x85, '«': 0xab, '»': 0xbb };
  return Buffer.from([...text].map((char) => high[char] ?? (char.charCodeAt(0) < 256 ? char.charCodeAt(0) : 0x3f)));
}
