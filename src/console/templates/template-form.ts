import { DomainError } from '../../core/errors/domain-error';
import { letterSource, letterStructure, type LetterStructure } from '../../templates/source/letter-structure';
import { CHANNELS, type Channel } from '../../templates/source/template-definition';

/** As the API: a template's source is at most 1 MB (in characters), its name 200 characters. */
export const MAX_SOURCE = 1024 * 1024;
export const MAX_NAME = 200;
const MAX_FIELD = 20_000;

function invalid(field: string, reason: string): DomainError {
  return DomainError.invalid('console.invalid_form', `${field}: ${reason}`, { fields: [{ field, reason }] });
}

/** One text field of a form: absent is empty; anything but a text (a repeated field) is refused naming it. */
export function formText(body: Record<string, unknown>, field: string, max = MAX_FIELD): string {
  const value = body[field];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalid(field, 'un seul texte attendu');
  if (value.length > max) throw invalid(field, `au plus ${max} caractères`);
  return value.replace(/\r\n?/g, '\n');
}

/** A repeated field (`paragraphe` several times): a list of texts, in order. */
export function formList(body: Record<string, unknown>, field: string, maxItems = 200): string[] {
  const value = body[field];
  if (value === undefined) return [];
  const items =
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value
        : value && typeof value === 'object'
          ? Object.entries(value)
              .sort(([a], [b]) => Number(a) - Number(b))
              .map(([, item]) => item as unknown)
          : [value];
  if (items.length > maxItems) throw invalid(field, `au plus ${maxItems} éléments`);
  return items.map((item) => {
    if (typeof item !== 'string') throw invalid(field, 'des textes attendus');
    if (item.length > MAX_FIELD) throw invalid(field, `au plus ${MAX_FIELD} caractères chacun`);
    return item.replace(/\r\n?/g, '\n');
  });
}

export function templateName(body: Record<string, unknown>): string {
  const name = formText(body, 'nom', MAX_NAME).trim();
  if (!name) throw invalid('nom', 'donnez un nom au modèle');
  return name;
}

/** An imported file: name, channel and the file's text. */
export function importInput(body: Record<string, unknown>): { name: string; channel: Channel; source: string } {
  const channel = formText(body, 'canal');
  if (!(CHANNELS as readonly string[]).includes(channel)) throw invalid('canal', `un de ${CHANNELS.join(', ')}`);
  const source = formText(body, 'fichier', MAX_SOURCE);
  if (!source.trim()) throw invalid('fichier', 'le fichier est vide');
  return { name: templateName(body), channel: channel as Channel, source };
}

/**
 * The letter the structured editor posted: its parts, over the settings of the source it started
 * from (`base`, which keeps sample values, layout texts and comments the form does not show).
 */
export function letterFromForm(body: Record<string, unknown>): { structure: LetterStructure; source: string } {
  const base = formText(body, 'base', MAX_SOURCE);
  let start: LetterStructure;
  try {
    start = letterStructure(base || '---\n---\n');
  } catch (error) {
    throw invalid('base', error instanceof Error ? error.message : 'illisible');
  }
  const structure: LetterStructure = {
    ...start,
    title: formText(body, 'titre'),
    objective: formText(body, 'objectif'),
    subject: formText(body, 'objet'),
    accroche: formText(body, 'accroche'),
    paragraphs: formList(body, 'paragraphe'),
    ps: formText(body, 'ps'),
    couponTitle: formText(body, 'coupon_titre'),
    couponOptions: formList(body, 'coupon_option', 20),
    signature: formText(body, 'signature'),
  };
  const source = letterSource(structure);
  if (source.length > MAX_SOURCE) throw invalid('paragraphe', `la lettre dépasse ${MAX_SOURCE} caractères`);
  return { structure, source };
}

/** `Anniversaire 2027 (copie)` → `anniversaire-2027-copie.hbs`: a file name that needs no quoting. */
export function fileName(name: string, channel: Channel): string {
  const slug =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'modele';
  return `${slug}.${channel === 'email' ? 'mjml' : 'hbs'}`;
}
