import { domainToASCII } from 'node:url';
import { fail } from './field-error';

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Domains repeat (gmail.com, orange.fr…): their ASCII form is computed once. */
const asciiDomains = new Map<string, string>();

function toAscii(domain: string): string {
  let ascii = asciiDomains.get(domain);
  if (ascii === undefined) {
    ascii = domainToASCII(domain);
    if (asciiDomains.size > 50_000) asciiDomains.clear();
    asciiDomains.set(domain, ascii);
  }
  return ascii;
}

/**
 * Lower-cases and checks an address. Internationalised domains (`café.fr`) are allowed:
 * the domain is checked in its ASCII (punycode) form and stored in its Unicode form.
 */
export function normaliseEmail(raw: string): string {
  const value = (/^[\x21-\x7E]+$/.test(raw) ? raw : raw.normalize('NFC').trim()).toLowerCase();
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) fail('not an e-mail address (expected name@domain)');
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).replace(/\.$/, '');
  if (local.length > 64) fail('the part before @ is longer than 64 characters');
  if (!LOCAL_PART.test(local)) fail('invalid characters before @');
  const ascii = toAscii(domain);
  if (!ascii) fail(`invalid domain "${domain}"`);
  const labels = ascii.split('.');
  if (labels.length < 2) fail(`the domain "${domain}" has no extension (e.g. .fr)`);
  if (!labels.every((label) => ASCII_LABEL.test(label))) fail(`invalid domain "${domain}"`);
  const tld = labels[labels.length - 1];
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/.test(tld)) fail(`invalid domain extension ".${tld}"`);
  const address = `${local}@${domain}`;
  if (`${local}@${ascii}`.length > 254) fail('longer than 254 characters');
  return address;
}
