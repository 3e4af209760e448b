import { randomBytes } from 'node:crypto';

/**
 * Response codes: what ties a returned coupon, a typed code or a purchase to one message.
 * Printed on letters, read back by people: Crockford's base 32 (no I, L, O, U), 10 random
 * characters (50 bits: unguessable, and rate limiting stops enumeration) plus a Luhn mod 32
 * check character that catches every single mistyped character and most swaps.
 */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_LENGTH = 10;
export const CODE_LENGTH = DATA_LENGTH + 1;

function checkCharacter(data: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = data.length - 1; i >= 0; i--) {
    let addend = factor * ALPHABET.indexOf(data[i]);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 32) + (addend % 32);
    sum += addend;
  }
  return ALPHABET[(32 - (sum % 32)) % 32];
}

export function generateResponseCode(random: Buffer = randomBytes(DATA_LENGTH)): string {
  let data = '';
  for (let i = 0; i < DATA_LENGTH; i++) data += ALPHABET[random[i] & 31];
  return data + checkCharacter(data);
}

/** What people type: any case, spaces and dashes; O read as 0, I and L as 1 (Crockford's rules). */
export function normaliseResponseCodeInput(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function isValidResponseCode(code: string): boolean {
  if (code.length !== CODE_LENGTH) return false;
  for (const char of code) if (!ALPHABET.includes(char)) return false;
  return checkCharacter(code.slice(0, DATA_LENGTH)) === code[DATA_LENGTH];
}

/** `7K3M-9QX2-F4P`: how a code is printed, in groups easy to read aloud and type. */
export function formatResponseCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
