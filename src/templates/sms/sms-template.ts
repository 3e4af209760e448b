import { compileText, type CompiledText } from '../engine/compiled-text';
import type { TemplateDefinition } from '../source/template-definition';
import { measureSms, normaliseSmsText, type SmsEncoding } from './sms-segments';

/**
 * SMS templates: a Handlebars text. Marketing SMS get the opt-out mention (`opt_out:` in the
 * front matter or in `templates/sms/_defaults.yml`) appended on its own line.
 */
export interface PreparedSms {
  channel: 'sms';
  definition: TemplateDefinition;
  body: CompiledText;
  optOut?: CompiledText;
  parts: CompiledText[];
}

export interface RenderedSms {
  channel: 'sms';
  text: string;
  encoding: SmsEncoding;
  characters: number;
  segments: number;
  non_gsm_characters: string[];
  /** Segments × price per segment, when a price is known. */
  cost?: { per_segment: number; total: number; currency: string };
}

export function prepareSms(definition: TemplateDefinition): PreparedSms {
  const body = compileText(definition.reference, 'body', definition.body, 'text');
  const optOutField = definition.fields.opt_out;
  const optOut = definition.marketing && optOutField ? compileText(definition.reference, 'opt_out', optOutField, 'text') : undefined;
  return { channel: 'sms', definition, body, optOut, parts: optOut ? [body, optOut] : [body] };
}

export interface SmsPrice {
  perSegment: number;
  currency: string;
}

export function renderSms(prepared: PreparedSms, data: unknown, price?: SmsPrice): RenderedSms {
  const body = normaliseSmsText(prepared.body.render(data).replace(/\n{3,}/g, '\n\n'));
  const mention = prepared.optOut ? normaliseSmsText(prepared.optOut.render(data)) : '';
  const text = mention ? `${body}\n${mention}` : body;
  const length = measureSms(text);
  return {
    channel: 'sms',
    text,
    encoding: length.encoding,
    characters: length.characters,
    segments: length.segments,
    non_gsm_characters: length.nonGsmCharacters,
    cost: price
      ? { per_segment: price.perSegment, total: Math.round(price.perSegment * length.segments * 10000) / 10000, currency: price.currency }
      : undefined,
  };
}
