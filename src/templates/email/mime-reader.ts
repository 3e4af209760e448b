import { decodeQuotedPrintable } from './quoted-printable';

/**
 * Reads back what buildMimeMessage writes (headers, the two decoded alternatives). Not a general
 * MIME parser: it exists to check our own output in tests and when debugging.
 */
export function readMime(message: string): { headers: Record<string, string>; parts: Array<{ type: string; body: string }> } {
  const [head, ...rest] = message.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'])![1];
  const body = rest.join('\r\n\r\n');
  const sections = body.split(`--${boundary}`).slice(1, -1);
  const parts = sections.map((section) => {
    const [partHead, ...partBody] = section.replace(/^\r\n/, '').split('\r\n\r\n');
    const type = /Content-Type: ([^;\r\n]+)/.exec(partHead)![1];
    return { type, body: decodeQuotedPrintable(partBody.join('\r\n\r\n').replace(/\r\n$/, '')) };
  });
  return { headers, parts };
}

export function decodeWords(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([^?]+)\?=\s*/g, (_, base64: string) => Buffer.from(base64, 'base64').toString('utf8')).trim();
}

