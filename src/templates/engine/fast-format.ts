import { ownEntry } from '../../core/text/text';
import { FRENCH_MONTHS } from '../../core/text/french-figures';

/**
 * Hand-written fr-FR / fr-MA formatting for the common cases of a mass merge (calendar dates,
 * amounts in EUR and MAD, whole counts). Intl is correct but costs about a microsecond per call,
 * which dominated the rendering of a large e-mail; these give the same strings (the specs compare
 * them with Intl) and leave every other case to Intl.
 */
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

const NARROW_NO_BREAK_SPACE = '\u202f';
const NO_BREAK_SPACE = '\u00a0';

/** A calendar date (`YYYY-MM-DD`, already validated) in a French style; undefined for styles it does not handle. */
export function fastCalendarDate(iso: string, style: string): string | undefined {
  const year = iso.slice(0, 4);
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  const dayText = day === 1 ? '1er' : String(day);
  switch (style) {
    case 'long':
      return `${dayText} ${FRENCH_MONTHS[month - 1]} ${year}`;
    case 'day':
      return `${dayText} ${FRENCH_MONTHS[month - 1]}`;
    case 'month':
      return `${FRENCH_MONTHS[month - 1]} ${year}`;
    case 'short':
      return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${year}`;
    case 'full':
      return `${WEEKDAYS[new Date(Date.UTC(Number(year), month - 1, day)).getUTCDay()]} ${dayText} ${FRENCH_MONTHS[month - 1]} ${year}`;
    default:
      return undefined;
  }
}

function group(integer: string, separator: string): string {
  if (integer.length <= 3) return integer;
  let grouped = '';
  for (let end = integer.length; end > 0; end -= 3) grouped = (end > 3 ? separator : '') + integer.slice(Math.max(0, end - 3), end) + grouped;
  return grouped;
}

const SYMBOLS: Record<string, string> = { EUR: '€', MAD: 'MAD' };

/** `1 234,50 €` (fr-FR) or `1.234,50 MAD` (fr-MA) for non-negative EUR and MAD amounts; undefined otherwise. */
export function fastMoney(amount: number, currency: string, locale: 'fr-FR' | 'fr-MA'): string | undefined {
  const symbol = ownEntry(SYMBOLS, currency);
  if (!symbol || !(amount >= 0) || amount >= 1e15) return undefined;
  const whole = Number.isInteger(amount);
  const fixed = whole ? String(amount) : amount.toFixed(2);
  const [integer, decimals] = fixed.split('.');
  const grouped = group(integer, locale === 'fr-MA' ? '.' : NARROW_NO_BREAK_SPACE);
  return `${grouped}${decimals ? `,${decimals}` : ''}${NO_BREAK_SPACE}${symbol}`;
}

/** A non-negative whole count the fr-FR way (`1 250`); undefined for other numbers. */
export function fastCount(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 0 || value >= 1e15) return undefined;
  return group(String(value), NARROW_NO_BREAK_SPACE);
}
