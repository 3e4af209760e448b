import { fail } from './field-error';
import { ownEntry } from '../../core/text/text';

const CURRENCY_ALIASES: Record<string, string> = {
  '€': 'EUR',
  EURO: 'EUR',
  EUROS: 'EUR',
  DH: 'MAD',
  DHS: 'MAD',
  DIRHAM: 'MAD',
  DIRHAMS: 'MAD',
};

/** Parses `1 234,56`, `1234.56`, `1.234,56` or `1,234.56` (the last separator is the decimal one). */
export function tryParseAmount(raw: string): number | undefined {
  let value = raw.trim().replace(/[\s\u00A0\u202F']/g, '');
  if (!/^[+-]?[\d.,]+$/.test(value) || !/\d/.test(value)) return undefined;
  const lastComma = value.lastIndexOf(',');
  const lastDot = value.lastIndexOf('.');
  const decimal = lastComma > lastDot ? ',' : '.';
  const thousands = decimal === ',' ? '.' : ',';
  const decimalIndex = Math.max(lastComma, lastDot);
  value = value.split(thousands).join('');
  if (decimalIndex >= 0 && value.split(decimal).length > 2) return undefined;
  const parsed = Number(value.replace(decimal, '.'));
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function parseAmount(raw: string): number {
  const parsed = tryParseAmount(raw);
  if (parsed === undefined) fail(`not an amount: "${raw}" (use 1234,56 or 1234.56)`);
  if (Math.abs(parsed) >= 1e12) fail(`amount out of range: "${raw}"`);
  return Math.round(parsed * 100) / 100;
}

export function normaliseCurrency(raw: string): string {
  const upper = raw.trim().toUpperCase();
  const code = ownEntry(CURRENCY_ALIASES, upper) ?? upper;
  if (!/^[A-Z]{3}$/.test(code)) fail(`not a currency code: "${raw}" (use EUR or MAD)`);
  return code;
}
