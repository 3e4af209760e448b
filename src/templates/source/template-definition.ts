import { DomainError } from '../../core/errors/domain-error';
import { FrontMatterError, frontMatterText, parseFrontMatterWithLines, splitFrontMatter, type FrontMatterMap, type FrontMatterValue } from './front-matter';

export const CHANNELS = ['email', 'letter', 'sms', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const OBJECTIVES = ['sale', 'awareness', 'launch', 'loyalty', 'reactivation', 'survey', 'information'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Library folders under `templates/` and the channel each holds. */
export const CHANNEL_FOLDERS: Record<string, Channel> = { email: 'email', letters: 'letter', sms: 'sms', phone: 'phone' };
export const FOLDER_OF_CHANNEL: Record<Channel, string> = { email: 'email', letter: 'letters', sms: 'sms', phone: 'phone' };

/** Settings every template may set, then those of each channel (each a Handlebars text unless noted). */
const COMMON_KEYS = ['title', 'description', 'objective', 'channel', 'marketing', 'sample'];
export const CHANNEL_KEYS: Record<Channel, string[]> = {
  email: ['subject', 'preheader'],
  letter: [
    'subject', 'accroche', 'ps', 'coupon', 'logo', 'signature', 'place_date', 'subject_label', 'ps_label',
    'coupon_heading', 'cut_line', 'opt_out', 'return_label', 'response_code_label', 'page_label',
  ],
  sms: ['opt_out'],
  phone: [],
};

/** One Handlebars text and where it starts in its file (for error messages). */
export interface TextField {
  text: string;
  /** File line of the text's first line. */
  line: number;
  /** `defaults`: from the channel's `_defaults.yml`; `generated`: derived text (e.g. HTML compiled from MJML) with no file lines. */
  origin?: 'defaults' | 'generated';
}

export interface TemplateDefinition {
  /** Library path (`templates/letters/winback.hbs`) or stored template id, as the user gave it. */
  reference: string;
  channel: Channel;
  /** The objective when exactly one valid one is given. */
  objective?: Objective;
  /** Objectives as written, for the linter (none, several, or unknown ones). */
  objectivesWritten: string[];
  /** Marketing messages need an opt-out; `information` ones (acknowledgements, confirmations) do not. */
  marketing: boolean;
  title?: string;
  fields: Record<string, TextField>;
  coupon?: { title?: TextField; options: TextField[] };
  sample: FrontMatterMap;
  /** Settings not known for this channel (reported as lint warnings). */
  unknownKeys: string[];
  body: TextField;
}

export interface TemplateSourceInput {
  reference: string;
  text: string;
  /** Required for stored templates; inferred from the library folder otherwise. */
  channel?: Channel;
  /** The channel's `_defaults.yml` (layout texts and images), overridden by the template's front matter. */
  defaults?: FrontMatterMap;
}

export function channelOfPath(reference: string): Channel | undefined {
  const match = /(?:^|[\\/])templates[\\/](email|letters|sms|phone)[\\/][^\\/]+$/.exec(reference);
  return match ? CHANNEL_FOLDERS[match[1]] : undefined;
}

function frontMatterError(reference: string, line: number, message: string): DomainError {
  return DomainError.invalid('templates.front_matter', `${reference}, line ${line}: ${message}`, { fields: [{ field: 'front_matter', line, reason: message }] });
}

function text(value: FrontMatterValue | undefined, line: number, reference: string, key: string): TextField | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw frontMatterError(reference, line, `"${key}" must be a text`);
  return { text: value, line };
}

function resolveChannel(input: TemplateSourceInput, written: FrontMatterValue | undefined, line: number): Channel {
  const fromPath = channelOfPath(input.reference);
  const candidates = [input.channel, fromPath, typeof written === 'string' ? (written as Channel) : undefined].filter(Boolean) as Channel[];
  if (written !== undefined && !CHANNELS.includes(written as Channel)) {
    throw frontMatterError(input.reference, line, `channel must be one of ${CHANNELS.join(', ')} (got "${frontMatterText(written)}")`);
  }
  if (!candidates.length) {
    throw DomainError.invalid('templates.channel', `${input.reference}: cannot tell the channel: put the file under templates/email, letters, sms or phone, or set "channel"`);
  }
  if (candidates.some((channel) => channel !== candidates[0])) {
    throw DomainError.invalid('templates.channel', `${input.reference}: channel "${written !== undefined ? frontMatterText(written) : String(input.channel)}" does not match where the template is (${candidates.join(' vs ')})`);
  }
  return candidates[0];
}

function parseCoupon(value: FrontMatterValue | undefined, lines: Map<string, number>, reference: string): TemplateDefinition['coupon'] {
  if (value === undefined) return undefined;
  const line = lines.get('coupon') ?? 1;
  if (typeof value === 'string' || Array.isArray(value)) throw frontMatterError(reference, line, 'coupon needs "title:" and an "options:" list');
  const options = value.options ?? [];
  if (!Array.isArray(options)) throw frontMatterError(reference, lines.get('coupon.options') ?? line, 'coupon options must be a "- item" list');
  return {
    title: text(value.title, lines.get('coupon.title') ?? line, reference, 'coupon.title'),
    options: options.map((option, index) => ({ text: option, line: lines.get(`coupon.options.${index}`) ?? line })),
  };
}

/** Reads a template file's text into its definition; the defaults fill what the front matter leaves out. */
export function parseTemplateSource(input: TemplateSourceInput): TemplateDefinition {
  let split;
  let parsed;
  try {
    split = splitFrontMatter(input.text);
    if (split.frontMatter === null) throw new FrontMatterError(1, 'a template starts with a `---` front matter block (objective, subject…)');
    parsed = parseFrontMatterWithLines(split.frontMatter, split.frontMatterLine);
  } catch (error) {
    if (error instanceof FrontMatterError) throw frontMatterError(input.reference, error.line, error.message);
    throw error;
  }
  const { values, lines } = parsed;
  const channel = resolveChannel(input, values.channel, lines.get('channel') ?? 1);
  const known = new Set([...COMMON_KEYS, ...CHANNEL_KEYS[channel]]);
  const objectivesWritten = values.objective === undefined ? [] : Array.isArray(values.objective) ? values.objective : [frontMatterText(values.objective)];
  const single = objectivesWritten.length === 1 && OBJECTIVES.includes(objectivesWritten[0] as Objective) ? (objectivesWritten[0] as Objective) : undefined;
  const fields: Record<string, TextField> = {};
  const defaults = input.defaults ?? {};
  for (const key of CHANNEL_KEYS[channel]) {
    if (key === 'coupon') continue;
    const own = text(values[key], lines.get(key) ?? 1, input.reference, key);
    const fallback = typeof defaults[key] === 'string' ? { text: defaults[key], line: 1, origin: 'defaults' as const } : undefined;
    const field = own ?? fallback;
    if (field) fields[key] = field;
  }
  const sample = values.sample;
  if (sample !== undefined && (typeof sample === 'string' || Array.isArray(sample))) throw frontMatterError(input.reference, lines.get('sample') ?? 1, 'sample must be a map (e.g. "attr:" then indented values)');
  return {
    reference: input.reference,
    channel,
    objective: single,
    objectivesWritten,
    marketing: (values.marketing === undefined ? single !== 'information' : values.marketing !== 'false'),
    title: typeof values.title === 'string' ? values.title : undefined,
    fields,
    coupon: channel === 'letter' ? parseCoupon(values.coupon, lines, input.reference) : undefined,
    sample: (sample) ?? {},
    unknownKeys: Object.keys(values).filter((key) => !known.has(key)),
    body: { text: split.body, line: split.bodyLine },
  };
}
