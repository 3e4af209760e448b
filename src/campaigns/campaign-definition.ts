import type { FieldProblem } from '../core/errors/domain-error';
import { CONTROL_CHARACTERS } from '../core/text/text';

export const OBJECTIVES = ['sale', 'awareness', 'launch', 'loyalty', 'reactivation', 'survey', 'information'] as const;
export const STEP_CHANNELS = ['email', 'sms', 'letter', 'phone'] as const;
export type StepChannel = (typeof STEP_CHANNELS)[number];

export interface CampaignStepDefinition {
  channel: StepChannel;
  template: string;
  send_at?: string;
  delay_days?: number;
  only_non_responders: boolean;
}

export interface CampaignDefinition {
  name: string;
  objective: (typeof OBJECTIVES)[number];
  segment?: Record<string, unknown>;
  segment_id?: string;
  holdout_percent: number;
  steps: CampaignStepDefinition[];
  sender: {
    name: string;
    email?: string;
    reply_to?: string;
    postal_address?: string;
    place?: string;
    signatory_name?: string;
    signatory_title?: string;
    [key: string]: unknown;
  };
  costs: { fixed: number; per_message: Partial<Record<StepChannel, number>>; currency: string };
  margin_rate: number | null;
  attribution_days: number;
  data: Record<string, unknown>;
  /** The message relates to the recipients' profession (B2B e-mail exception of the consent policy). */
  professional: boolean;
  /** Analogous products to customers (soft opt-in exception). Never the default. */
  soft_opt_in: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const EMAIL_ADDRESS = /^[^@\s<>,;"]+@[^@\s<>,;"]+\.[a-z]{2,}$/i;
const KNOWN_FIELDS = new Set([
  'name',
  'objective',
  'segment',
  'segment_id',
  'holdout_percent',
  'steps',
  'channel',
  'template',
  'sender',
  'costs',
  'margin_rate',
  'attribution_days',
  'data',
  'professional',
  'soft_opt_in',
]);

/** Every problem found so far, each with its path, and the field checks the sections share. */
class DefinitionProblems {
  readonly list: FieldProblem[] = [];

  add(field: string, reason: string): void {
    this.list.push({ field, reason });
  }

  /** A trimmed single-line string, or undefined (with a problem when it was required or malformed). */
  text(field: string, value: unknown, required: boolean, max = 200): string | undefined {
    if (value === undefined || value === null || value === '') {
      if (required) this.add(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') return void this.add(field, 'must be a string');
    if (CONTROL_CHARACTERS.test(value))
      return void this.add(field, 'must not contain line breaks or control characters');
    if (value.length > max) return void this.add(field, `must be at most ${max} characters`);
    return value.trim();
  }

  /** A finite number within bounds; the fallback when absent or out of bounds (with a problem). */
  number(field: string, value: unknown, fallback: number, min: number, max: number): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.add(field, `must be a number between ${min} and ${max}`);
      return fallback;
    }
    return value;
  }
}

/**
 * Validates a campaign as docs/campaigns.md defines it and returns it normalised (steps always as a
 * list), or every problem with its path — so a marketer fixes the file once.
 */
export function parseCampaignDefinition(
  input: unknown,
  defaults: { currency: string },
): { definition: CampaignDefinition } | { problems: FieldProblem[] } {
  if (!isObject(input)) return { problems: [{ field: '(root)', reason: 'must be a JSON object' }] };
  const problems = new DefinitionProblems();
  const name = problems.text('name', input.name, true) ?? '';
  const objective = input.objective as CampaignDefinition['objective'];
  if (!OBJECTIVES.includes(objective)) problems.add('objective', `must be one of ${OBJECTIVES.join(', ')}`);
  const segmentId = parseAudience(input, problems);
  const holdoutPercent = problems.number('holdout_percent', input.holdout_percent, 0, 0, 99);
  const steps = parseSteps(input, problems);
  const sender = parseSender(input, steps, problems);
  const costs = parseCosts(input, defaults, problems);
  const attributionDays = problems.number('attribution_days', input.attribution_days, 30, 1, 365);
  const marginRate =
    input.margin_rate === undefined || input.margin_rate === null
      ? null
      : problems.number('margin_rate', input.margin_rate, 1, 0, 1);
  if (input.data !== undefined && !isObject(input.data)) problems.add('data', 'must be an object');
  for (const flag of ['professional', 'soft_opt_in'] as const)
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') problems.add(flag, 'must be true or false');
  for (const key of Object.keys(input)) if (!KNOWN_FIELDS.has(key)) problems.add(key, 'unknown field');

  if (problems.list.length) return { problems: problems.list };
  return {
    definition: {
      name,
      objective,
      segment: input.segment as Record<string, unknown> | undefined,
      segment_id: segmentId,
      holdout_percent: holdoutPercent,
      steps,
      sender,
      costs,
      margin_rate: marginRate,
      attribution_days: attributionDays,
      data: (input.data as Record<string, unknown>) ?? {},
      professional: input.professional === true,
      soft_opt_in: input.soft_opt_in === true,
    },
  };
}

/** The audience: rules inline or a saved segment's id, exactly one of them. Returns the id when given. */
function parseAudience(input: Record<string, unknown>, problems: DefinitionProblems): string | undefined {
  if (input.segment !== undefined && input.segment_id !== undefined)
    problems.add('segment', 'give segment or segment_id, not both');
  if (input.segment === undefined && input.segment_id === undefined)
    problems.add('segment', 'is required (rules, or segment_id)');
  if (input.segment !== undefined && !isObject(input.segment))
    problems.add('segment', 'must be a rule set such as {"all":[…]}');
  return input.segment_id === undefined ? undefined : problems.text('segment_id', input.segment_id, true);
}

/** The steps, from `steps` or from a single channel and template at top level (the one-step shorthand). */
function parseSteps(input: Record<string, unknown>, problems: DefinitionProblems): CampaignStepDefinition[] {
  const rawSteps: unknown[] = Array.isArray(input.steps)
    ? input.steps
    : input.channel !== undefined || input.template !== undefined
      ? [{ channel: input.channel, template: input.template }]
      : [];
  if (input.steps !== undefined && !Array.isArray(input.steps)) problems.add('steps', 'must be a list');
  if (Array.isArray(input.steps) && (input.channel !== undefined || input.template !== undefined))
    problems.add('channel', 'give steps, or channel and template at top level, not both');
  if (!rawSteps.length) problems.add('steps', 'at least one step is required (or channel and template at top level)');
  return rawSteps.map((raw, index) =>
    parseStep(raw, index, Array.isArray(input.steps) ? `steps[${index}]` : '', problems),
  );
}

function parseStep(raw: unknown, index: number, path: string, problems: DefinitionProblems): CampaignStepDefinition {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!isObject(raw)) {
    problems.add(path, 'must be an object');
    return { channel: 'email', template: '', only_non_responders: false };
  }
  const channel = raw.channel as StepChannel;
  if (!STEP_CHANNELS.includes(channel)) problems.add(at('channel'), `must be one of ${STEP_CHANNELS.join(', ')}`);
  const template = problems.text(at('template'), raw.template, true, 500) ?? '';
  let sendAt: string | undefined;
  if (raw.send_at !== undefined) {
    const text = typeof raw.send_at === 'string' ? raw.send_at : undefined;
    const parsed = text !== undefined ? new Date(text) : new Date(NaN);
    if (Number.isNaN(parsed.getTime()) || !/\d{4}-\d{2}-\d{2}T/.test(text ?? ''))
      problems.add(at('send_at'), 'must be an ISO-8601 date and time');
    else sendAt = parsed.toISOString();
  }
  const delay =
    raw.delay_days === undefined ? undefined : problems.number(at('delay_days'), raw.delay_days, 0, 0, 3650);
  if (delay !== undefined && !Number.isInteger(delay)) problems.add(at('delay_days'), 'must be a whole number of days');
  if (sendAt && delay !== undefined) problems.add(at('send_at'), 'give send_at or delay_days, not both');
  if (index === 0 && delay) problems.add(at('delay_days'), 'the first step starts at launch (or send_at)');
  if (raw.only_non_responders !== undefined && typeof raw.only_non_responders !== 'boolean')
    problems.add(at('only_non_responders'), 'must be true or false');
  if (index === 0 && raw.only_non_responders === true)
    problems.add(at('only_non_responders'), 'the first step has no earlier responses to look at');
  return {
    channel,
    template,
    send_at: sendAt,
    delay_days: delay,
    only_non_responders: raw.only_non_responders === true,
  };
}

/** The sender: a name always, an e-mail address when a step e-mails, a postal address when one writes. */
function parseSender(
  input: Record<string, unknown>,
  steps: CampaignStepDefinition[],
  problems: DefinitionProblems,
): CampaignDefinition['sender'] {
  const sender = isObject(input.sender) ? input.sender : {};
  if (!isObject(input.sender)) problems.add('sender', 'is required (at least a name)');
  const senderName = problems.text('sender.name', sender.name, true) ?? '';
  const senderEmail = problems.text(
    'sender.email',
    sender.email,
    steps.some((s) => s.channel === 'email'),
    254,
  );
  if (senderEmail && !EMAIL_ADDRESS.test(senderEmail)) problems.add('sender.email', 'must be an e-mail address');
  if (sender.reply_to !== undefined) {
    const replyTo = problems.text('sender.reply_to', sender.reply_to, false, 254);
    if (replyTo && !EMAIL_ADDRESS.test(replyTo)) problems.add('sender.reply_to', 'must be an e-mail address');
  }
  for (const field of ['place', 'signatory_name', 'signatory_title'] as const)
    problems.text(`sender.${field}`, sender[field], false);
  if (sender.postal_address !== undefined && typeof sender.postal_address !== 'string')
    problems.add('sender.postal_address', 'must be a string');
  if (steps.some((s) => s.channel === 'letter') && !sender.postal_address)
    problems.add('sender.postal_address', 'is required for letters (the return address of the reply coupon)');
  return { ...sender, name: senderName, email: senderEmail };
}

/** Fixed and per-message costs, in the campaign's currency (the configured one by default). */
function parseCosts(
  input: Record<string, unknown>,
  defaults: { currency: string },
  problems: DefinitionProblems,
): CampaignDefinition['costs'] {
  const costs = isObject(input.costs) ? input.costs : {};
  if (input.costs !== undefined && !isObject(input.costs)) problems.add('costs', 'must be an object');
  const perMessage: Partial<Record<StepChannel, number>> = {};
  if (costs.per_message !== undefined) {
    if (!isObject(costs.per_message)) problems.add('costs.per_message', 'must be an object such as {"letter": 4.5}');
    else {
      for (const [channel, value] of Object.entries(costs.per_message)) {
        if (!STEP_CHANNELS.includes(channel as StepChannel))
          problems.add(`costs.per_message.${channel}`, `unknown channel (${STEP_CHANNELS.join(', ')})`);
        else perMessage[channel as StepChannel] = problems.number(`costs.per_message.${channel}`, value, 0, 0, 1e6);
      }
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any JSON value is coerced as before; the pattern below refuses what is not a code
  const currency = costs.currency === undefined ? defaults.currency : String(costs.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problems.add('costs.currency', 'must be a currency code such as MAD or EUR');
  const fixedCost = problems.number('costs.fixed', costs.fixed, 0, 0, 1e9);
  return { fixed: fixedCost, per_message: perMessage, currency };
}
