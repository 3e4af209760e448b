import { getCountries, type CountryCode } from 'libphonenumber-js';
import { stripAccents } from '../../core/text/text';
import { fail } from './field-error';

let byName: Map<string, CountryCode> | undefined;

function key(value: string): string {
  return stripAccents(value)
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

function nameIndex(): Map<string, CountryCode> {
  if (byName) return byName;
  const index = new Map<string, CountryCode>();
  const french = new Intl.DisplayNames(['fr'], { type: 'region' });
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of getCountries()) {
    index.set(code.toLowerCase(), code);
    for (const names of [french, english]) {
      const name = names.of(code);
      if (name && name !== code) index.set(key(name), code);
    }
  }
  const aliases: Record<string, CountryCode> = {
    'royaume du maroc': 'MA',
    'kingdom of morocco': 'MA',
    'republique francaise': 'FR',
    uk: 'GB',
    angleterre: 'GB',
    usa: 'US',
    'etats unis d amerique': 'US',
    belgium: 'BE',
    suisse: 'CH',
    fra: 'FR',
    mar: 'MA',
    bel: 'BE',
    esp: 'ES',
    deu: 'DE',
  };
  for (const [alias, code] of Object.entries(aliases)) index.set(alias, code);
  byName = index;
  return index;
}

/** ISO 3166-1 alpha-2 from a code or a French or English country name. */
export function normaliseCountry(raw: string): CountryCode {
  const found = (raw.length === 2 ? nameIndex().get(raw.toLowerCase()) : undefined) ?? nameIndex().get(key(raw));
  if (!found) fail(`unknown country "${raw}" (use an ISO 3166-1 code such as FR or MA)`);
  return found;
}
