import { createHash, createVerify } from 'node:crypto';

export interface DkimCheck {
  ok: boolean;
  reason?: string;
  tags: Record<string, string>;
  signedHeaders: string[];
}

interface HeaderField {
  name: string;
  /** The whole field as received, folding included, without the final CRLF. */
  raw: string;
}

function splitHeaders(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1].raw += `\r\n${line}`;
    else fields.push({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), raw: line });
  }
  return fields;
}

/** RFC 6376 §3.4.2 relaxed header canonicalisation. */
function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(':');
  return `${raw.slice(0, colon).trim().toLowerCase()}:${raw
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim()}`;
}

/** RFC 6376 §3.4.4 relaxed body canonicalisation. */
function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? `${lines.join('\r\n')}\r\n` : '';
}

/**
 * Verifies the DKIM-Signature of a message as received at the SMTP sink (relaxed/relaxed,
 * rsa-sha256, the public key given instead of a DNS lookup). Small on purpose: enough to prove
 * which headers the signature covers and that it holds, not a general verifier.
 */
export function verifyDkim(received: Buffer, publicKeyPem: string): DkimCheck {
  // The sink keeps DATA as transmitted: undo SMTP dot-stuffing first.
  const message = received
    .toString('latin1')
    .replace(/^\.\./, '.')
    .replace(/\r\n\.\./g, '\r\n.');
  const split = message.indexOf('\r\n\r\n');
  const headers = splitHeaders(message.slice(0, split));
  const body = message.slice(split + 4);
  const signature = headers.find((h) => h.name === 'dkim-signature');
  if (!signature) return { ok: false, reason: 'no DKIM-Signature header', tags: {}, signedHeaders: [] };
  const tags: Record<string, string> = {};
  for (const part of signature.raw.slice(signature.raw.indexOf(':') + 1).split(';')) {
    const equals = part.indexOf('=');
    if (equals > 0) tags[part.slice(0, equals).trim()] = part.slice(equals + 1).replace(/\s+/g, '');
  }
  const signedHeaders = (tags.h ?? '')
    .split(':')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const fail = (reason: string): DkimCheck => ({ ok: false, reason, tags, signedHeaders });
  if (tags.a !== 'rsa-sha256') return fail(`unsupported algorithm ${tags.a}`);
  if ((tags.c ?? 'simple/simple') !== 'relaxed/relaxed') return fail(`unsupported canonicalisation ${tags.c}`);
  const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');
  if (bodyHash !== tags.bh) return fail('body hash does not match');
  // Each name in h= takes the last not-yet-used field of that name, bottom up (§5.4.2).
  const used = new Set<HeaderField>();
  let data = '';
  for (const name of signedHeaders) {
    const field = [...headers].reverse().find((h) => h.name === name && !used.has(h) && h !== signature);
    if (!field) continue;
    used.add(field);
    data += `${relaxedHeader(field.raw)}\r\n`;
  }
  data += relaxedHeader(signature.raw.replace(/([;\s]b=)[^;]*/, '$1'));
  const ok = createVerify('RSA-SHA256').update(data, 'latin1').verify(publicKeyPem, tags.b, 'base64');
  return ok ? { ok, tags, signedHeaders } : fail('signature does not verify');
}
