import type { CountryCode } from 'libphonenumber-js';
import { normalisePhoneWithLibrary } from './normalisation/phone';

/**
 * The text search over contacts (the console's list, `ContactsService.search`): each word typed
 * must appear in the name, company, e-mail, client id or city (any case); a text that is a phone
 * number also finds the contact whose normalised phone it is. Pure: SQL text with `$n`
 * placeholders numbered after `offset`, and its parameters.
 */
export const SEARCH_TEXT_MAX = 100;
const MAX_WORDS = 6;

/** The columns a word is looked for in, joined by a space that no word contains. */
export const SEARCHED_TEXT = `lower(concat_ws(' ', c.first_name, c.last_name, c.company_name, c.email, c.external_id, c.city))`;

export interface SearchCondition {
  sql: string;
  params: unknown[];
}

export function searchWords(text: string): string[] {
  return text.trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);
}

/** A phone number as stored (E.164), when the text reads as one; else undefined. */
export function phoneOf(text: string, region: CountryCode): string | undefined {
  const trimmed = text.trim();
  if (!/^[+\d\s().\-/]{6,}$/.test(trimmed) || (trimmed.match(/\d/g) ?? []).length < 6) return undefined;
  return normalisePhoneWithLibrary(trimmed, region);
}

/** The WHERE condition for a searched text, or undefined when the text is blank. */
export function searchCondition(text: string, region: CountryCode, offset: number): SearchCondition | undefined {
  const words = searchWords(text);
  if (!words.length) return undefined;
  const params: unknown[] = [];
  const placeholder = (value: unknown) => {
    params.push(value);
    return `$${String(offset + params.length)}::text`;
  };
  const everyWord = words.map((word) => `strpos(${SEARCHED_TEXT}, ${placeholder(word)}) > 0`).join(' AND ');
  const phone = phoneOf(text, region);
  const sql = phone ? `((${everyWord}) OR c.phone = ${placeholder(phone)})` : `(${everyWord})`;
  return { sql, params };
}
