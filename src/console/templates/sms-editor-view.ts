import type { LintReport } from '../../templates/lint/lint-rules';
import { measureSms, SMS_PART_UNITS, SMS_SINGLE_UNITS, type SmsEncoding } from '../../templates/sms/sms-segments';
import { smsSource, smsStructure, type SmsStructure } from '../../templates/source/sms-structure';
import { allFindings, launchView, objectiveOptions } from './channel-editor-shared';
import { formText, MAX_SOURCE } from './template-form';
import { DomainError } from '../../core/errors/domain-error';

function invalid(field: string, reason: string): DomainError {
  return DomainError.invalid('console.invalid_form', `${field}: ${reason}`, { fields: [{ field, reason }] });
}

/**
 * The SMS the editor posted, over the source it started from (`base`: sample values, description
 * and comments the form does not show). The mention field holds the channel's default mention
 * until it is changed: the same text as the default is written as no `opt_out:` at all.
 */
export function smsFromForm(body: Record<string, unknown>): { structure: SmsStructure; source: string } {
  const base = formText(body, 'base', MAX_SOURCE);
  let start: SmsStructure;
  try {
    start = smsStructure(base || '---\n---\n');
  } catch (error) {
    throw invalid('base', error instanceof Error ? error.message : 'illisible');
  }
  const mention = formText(body, 'mention', 500).replace(/\s+/g, ' ').trim();
  const fallback = formText(body, 'mention_defaut', 500).replace(/\s+/g, ' ').trim();
  const structure: SmsStructure = {
    ...start,
    title: formText(body, 'titre'),
    objective: formText(body, 'objectif'),
    text: formText(body, 'texte'),
    optOut: mention === fallback && start.optOut === null ? null : mention,
  };
  return { structure, source: smsSource(structure) };
}

/** `0,35` or `0.35` (a price per segment); null when empty; a French reason when it is not a price. */
export function parsePrice(raw: string): { value: number | null; problem: string | null } {
  const text = raw.replace(/\s/g, '').replace(',', '.');
  if (!text) return { value: null, problem: null };
  if (!/^\d{1,6}(\.\d{1,4})?$/.test(text))
    return { value: null, problem: 'prix par segment : un nombre comme 0,35 (au plus 4 décimales)' };
  return { value: Number(text), problem: null };
}

export interface SmsPriceChoice {
  perSegment: number;
  currency: string;
  /** Where the price comes from, in French. */
  source: string;
}

/** The part of a preview result the panel shows (RenderedSms, as the engine measured it). */
export interface SmsMeasure {
  text: string;
  encoding: SmsEncoding;
  characters: number;
  segments: number;
  non_gsm_characters: string[];
  cost?: { per_segment: number; total: number; currency: string };
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The counter: the engine's own measure of the rendered text (the same function the sending uses). */
export function measureView(rendered: Pick<SmsMeasure, 'text'>) {
  const measure = measureSms(rendered.text);
  const single = SMS_SINGLE_UNITS[measure.encoding];
  const part = SMS_PART_UNITS[measure.encoding];
  return {
    text: rendered.text,
    encoding: measure.encoding,
    ucs2: measure.encoding === 'UCS-2',
    characters: measure.characters,
    units: measure.units,
    segments: measure.segments,
    single,
    part,
    capacity: measure.segments > 1 ? measure.segments * part : single,
    nonGsm: measure.nonGsmCharacters.map((char) => ({ char, code: codePoint(char) })),
  };
}

export interface SmsCheckInput {
  id: string;
  report: LintReport;
  marketing: boolean;
  measure: SmsMeasure | null;
  problem: string | null;
  price: SmsPriceChoice | null;
  priceProblem: string | null;
  contact: string;
}

/** The check panel: length and segments of the rendered SMS, cost, the opt-out mention, the findings, launch. */
export function smsCheckView(input: SmsCheckInput) {
  const findings = allFindings(input.report);
  const optOutMissing = findings.some((item) => item.rule === 'sms-opt-out');
  const cost =
    input.measure && input.price
      ? {
          perSegment: input.price.perSegment,
          total: Math.round(input.price.perSegment * input.measure.segments * 10000) / 10000,
          currency: input.price.currency,
          source: input.price.source,
        }
      : null;
  return {
    id: input.id,
    ...launchView(input.report),
    findings,
    measure: input.measure ? measureView(input.measure) : null,
    problem: input.problem,
    cost,
    priceProblem: input.priceProblem,
    optOut: { needed: input.marketing, missing: optOutMissing },
    contact: input.contact,
  };
}

/** The editor's form fields. */
export function smsFormView(structure: SmsStructure, defaultMention: string) {
  return {
    ...objectiveOptions(structure.objective),
    title: structure.title,
    text: structure.text,
    mention: structure.optOut ?? defaultMention,
    defaultMention,
    ownMention: structure.optOut !== null,
  };
}
