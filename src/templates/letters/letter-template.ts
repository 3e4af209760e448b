import { compileText, RenderError, type CompiledText } from '../engine/compiled-text';
import type { RecipientData, SenderData } from '../engine/recipient-data';
import type { TemplateDefinition } from '../source/template-definition';
import type { CouponContent, LetterContent } from './letter-content';
import { parseInline, parseMarkup, plainText, type Paragraph, type Run } from './light-markup';
import { formatPostalAddress } from './postal-address';
import type { LetterImages } from './letter-pdf';

/**
 * Letter templates: front matter for the parts of the letter's anatomy (subject, accroche, P.S.,
 * coupon), a body in light markup, and layout texts from `templates/letters/_defaults.yml`. All
 * are Handlebars compiled once; merged values are escaped so that data never becomes markup.
 *
 * The merged texts repeat from letter to letter (the labels always, the body for every recipient
 * with the same salutation), so their parsed markup is cached per prepared letter. Invariants:
 * 1. The key is the merged text (and whether it is a body or an inline text): parsing depends on
 *    nothing else.
 * 2. Parsed runs and paragraphs are shared between letters: frozen, only read by the layout, the
 *    linter and letterText.
 * 3. Bounded: a prepared letter's cache is cleared past MAX_PARSED texts; it goes with the
 *    prepared letter (WeakMap).
 */
export interface PreparedLetter {
  channel: 'letter';
  definition: TemplateDefinition;
  body: CompiledText;
  fields: Record<string, CompiledText>;
  couponTitle?: CompiledText;
  couponOptions: CompiledText[];
  images: LetterImages;
  parts: CompiledText[];
}

export interface RenderedLetter {
  channel: 'letter';
  content: LetterContent;
  /** Why this letter cannot be posted (address problems); empty when it can. */
  problems: string[];
}

export interface LetterRenderOptions {
  /** The sender's country when `sender.country` is not given: recipients elsewhere get a country line. */
  defaultCountry: string;
  publicUrl: string;
}

const LAYOUT_FIELDS = ['subject', 'accroche', 'ps', 'place_date', 'subject_label', 'ps_label', 'coupon_heading', 'cut_line', 'opt_out', 'return_label', 'response_code_label', 'page_label'];

export function prepareLetter(definition: TemplateDefinition, images: LetterImages): PreparedLetter {
  const { reference } = definition;
  const body = compileText(reference, 'body', definition.body, 'markup');
  const fields: Record<string, CompiledText> = {};
  for (const key of LAYOUT_FIELDS) {
    const field = definition.fields[key];
    if (field) fields[key] = compileText(reference, key, field, 'markup');
  }
  const couponTitle = definition.coupon?.title ? compileText(reference, 'coupon.title', definition.coupon.title, 'markup') : undefined;
  const couponOptions = (definition.coupon?.options ?? []).map((option, index) => compileText(reference, `coupon.options.${index + 1}`, option, 'markup'));
  return {
    channel: 'letter',
    definition,
    body,
    fields,
    couponTitle,
    couponOptions,
    images,
    parts: [body, ...Object.values(fields), ...(couponTitle ? [couponTitle] : []), ...couponOptions],
  };
}

/** `12 bd d'Anfa, 20000 Casablanca` → two lines; newlines and `;` also separate lines. */
export function senderAddressLines(postalAddress: string | undefined): string[] {
  if (!postalAddress) return [];
  return postalAddress
    .split(/\n|;|,\s*(?=\d{4,5}\s)/)
    .map((line) => line.trim())
    .filter(Boolean);
}

const MAX_PARSED = 20_000;
type ParsedTexts = Map<string, readonly Run[] | readonly Paragraph[]>;
const parsedTexts = new WeakMap<PreparedLetter, ParsedTexts>();

const freezeRuns = (runs: Run[]): readonly Run[] => Object.freeze(runs.map((run) => Object.freeze(run)));

function parsed<T extends readonly Run[] | readonly Paragraph[]>(prepared: PreparedLetter, key: string, parse: () => T): T {
  let cache = parsedTexts.get(prepared);
  if (!cache) {
    cache = new Map() as ParsedTexts;
    parsedTexts.set(prepared, cache);
  }
  let result = cache.get(key) as T | undefined;
  if (!result) {
    result = parse();
    if (cache.size >= MAX_PARSED) cache.clear();
    cache.set(key, result);
  }
  return result;
}

const inlineRuns = (prepared: PreparedLetter, text: string) => parsed(prepared, `i${text}`, () => freezeRuns(parseInline(text))) as Run[];
const bodyParagraphs = (prepared: PreparedLetter, text: string) =>
  parsed(prepared, `b${text}`, () => Object.freeze(parseMarkup(text).map((paragraph) => Object.freeze({ ...paragraph, runs: freezeRuns(paragraph.runs) as Run[] })))) as Paragraph[];

function renderText(prepared: PreparedLetter, key: string, data: unknown): string | undefined {
  const field = prepared.fields[key];
  return field ? field.render(data).trim() : undefined;
}

function inline(prepared: PreparedLetter, key: string, data: unknown): Run[] | undefined {
  const text = renderText(prepared, key, data);
  return text ? inlineRuns(prepared, text) : undefined;
}

function label(prepared: PreparedLetter, key: string, data: unknown, fallback: string): string {
  const runs = inline(prepared, key, data);
  return runs ? runs.map((run) => run.text).join('') : fallback;
}

function coupon(prepared: PreparedLetter, data: RecipientData, address: string[], options: LetterRenderOptions): CouponContent | undefined {
  if (!prepared.definition.coupon) return undefined;
  const responseCode = data.response_code;
  if (typeof responseCode !== 'string' || !responseCode) {
    const reference = prepared.definition.reference;
    throw new RenderError('missing', 'response_code', reference, 'coupon', undefined, `${reference} (coupon): {{response_code}} has no value (the reply coupon prints it)`);
  }
  const sender = (data.sender ?? {}) as SenderData;
  return {
    cutLine: label(prepared, 'cut_line', data, ''),
    heading: label(prepared, 'coupon_heading', data, ''),
    title: prepared.couponTitle ? inlineRuns(prepared, prepared.couponTitle.render(data)) : undefined,
    options: prepared.couponOptions.map((option) => inlineRuns(prepared, option.render(data))),
    optOut: label(prepared, 'opt_out', data, ''),
    addressLines: address,
    returnLabel: label(prepared, 'return_label', data, ''),
    returnAddress: [sender.name, ...senderAddressLines(sender.postal_address)].filter((line): line is string => Boolean(line)),
    responseCodeLabel: label(prepared, 'response_code_label', data, ''),
    responseCode,
    qrUrl: `${options.publicUrl}/r?c=${encodeURIComponent(responseCode)}`,
  };
}

export function renderLetter(prepared: PreparedLetter, data: RecipientData, options: LetterRenderOptions): RenderedLetter {
  const sender = (data.sender ?? {}) as SenderData;
  const address = formatPostalAddress(data, (sender.country ?? options.defaultCountry).toUpperCase());
  const subject = inline(prepared, 'subject', data);
  const postscript = inline(prepared, 'ps', data);
  const content: LetterContent = {
    sender: { name: sender.name, lines: [...senderAddressLines(sender.postal_address), sender.phone, sender.email, sender.website].filter((line): line is string => Boolean(line)) },
    address: address.lines,
    placeDate: label(prepared, 'place_date', data, ''),
    subject: subject && { label: label(prepared, 'subject_label', data, ''), runs: subject },
    accroche: inline(prepared, 'accroche', data),
    body: bodyParagraphs(prepared, prepared.body.render(data)),
    signature: { name: sender.signatory_name, title: sender.signatory_title, hasImage: Boolean(prepared.images.signature) },
    postscript: postscript && { label: label(prepared, 'ps_label', data, 'P.S.'), runs: postscript },
    coupon: coupon(prepared, data, address.lines, options),
    pageLabel: label(prepared, 'page_label', data, 'Page'),
    hasLogo: Boolean(prepared.images.logo),
  };
  return { channel: 'letter', content, problems: address.problems };
}

/** The letter as plain text, in reading order: for previews, search and tests. */
export function letterText(content: LetterContent): string {
  const runs = (items: Run[] | undefined) => (items ?? []).map((run) => run.text).join('');
  const sections = [
    [content.sender.name, ...content.sender.lines].filter(Boolean).join('\n'),
    content.address.join('\n'),
    content.placeDate,
    content.subject ? `${content.subject.label} ${runs(content.subject.runs)}` : '',
    runs(content.accroche),
    content.body.map((paragraph) => (paragraph.kind === 'bullet' ? `• ${plainText(paragraph)}` : plainText(paragraph))).join('\n\n'),
    [content.signature.name, content.signature.title].filter(Boolean).join('\n'),
    content.postscript ? `${content.postscript.label} ${runs(content.postscript.runs)}` : '',
    content.coupon
      ? [
          content.coupon.heading,
          runs(content.coupon.title),
          ...content.coupon.options.map((option) => `[ ] ${runs(option)}`),
          `[ ] ${content.coupon.optOut}`,
          content.coupon.addressLines.join('\n'),
          `${content.coupon.responseCodeLabel} ${content.coupon.responseCode}`,
          `${content.coupon.returnLabel} ${content.coupon.returnAddress.join(', ')}`,
        ].filter(Boolean).join('\n')
      : '',
  ];
  return sections.filter(Boolean).join('\n\n') + '\n';
}
