/**
 * SMS length as operators bill it. Text that fits the GSM 03.38 alphabet travels in 7-bit
 * septets (160 per message, 153 per part of a concatenated message; characters of the extension
 * table such as € take two). Any other character switches the whole message to UCS-2 (70, or 67
 * per part), which is why one "ê" or one curly apostrophe can double the cost.
 */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Characters as the reader sees them (code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Characters that forced UCS-2, each once, in order of appearance. */
  nonGsmCharacters: string[];
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
const PART = { 'GSM-7': 153, 'UCS-2': 67 } as const;
/** Units of one SMS alone, and of each part of a long one, by encoding (what editors show). */
export const SMS_SINGLE_UNITS = SINGLE;
export const SMS_PART_UNITS = PART;

/** Units of each character, in the encoding the whole text needs. */
function unitsOf(text: string): { encoding: SmsEncoding; units: number[]; nonGsm: string[] } {
  const nonGsm = new Set<string>();
  const characters = [...text];
  for (const char of characters) if (!BASIC.has(char) && !EXTENSION.has(char)) nonGsm.add(char);
  if (nonGsm.size === 0) return { encoding: 'GSM-7', units: characters.map((char) => (EXTENSION.has(char) ? 2 : 1)), nonGsm: [] };
  return { encoding: 'UCS-2', units: characters.map((char) => char.length), nonGsm: [...nonGsm] };
}

/** Segments of a concatenated message: a character (escape pair, surrogate pair) is never split. */
function countSegments(units: number[], encoding: SmsEncoding): number {
  const total = units.reduce((sum, unit) => sum + unit, 0);
  if (total === 0) return 0;
  if (total <= SINGLE[encoding]) return 1;
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > PART[encoding]) {
      segments++;
      used = 0;
    }
    used += unit;
  }
  return segments;
}

export function measureSms(text: string): SmsLength {
  const { encoding, units, nonGsm } = unitsOf(text);
  return {
    encoding,
    characters: units.length,
    units: units.reduce((sum, unit) => sum + unit, 0),
    segments: countSegments(units, encoding),
    nonGsmCharacters: nonGsm,
  };
}

/**
 * Typographic spaces and apostrophes that French formatting produces (`1 234 €`, `l’offre`) look
 * the same as their GSM-7 counterparts: replace them rather than pay for UCS-2.
 */
export function normaliseSmsText(text: string): string {
  return text
    .replace(/[\u00a0\u202f\u2009\u2007]/g, ' ')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
