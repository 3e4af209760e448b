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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Validates a campaign as docs/campaigns.md defines it and returns it normalised (steps always as a
 * list), or every problem with its path — so a marketer fixes the file once.
 */
export function parseCampaignDefinition(input: unknown, defaults: { currency: string }): { definition: CampaignDefinition } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, reason: string) => problems.push({ field, reason });
  if (!isObject(input)) return { problems: [{ field: '(root)', reason: 'must be a JSON object' }] };
  const text = (field: string, value: unknown, required: boolean, max = 200): string | undefined => {
    if (value === undefined || value === null || value === '') {
      if (required) problem(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') return void problem(field, 'must be a string');
    if (CONTROL_CHARACTERS.test(value)) return void problem(field, 'must not contain line breaks or control characters');
    if (value.length > max) return void problem(field, `must be at most ${max} characters`);
    return value.trim();
  };
  const number = (field: string, value: unknown, fallback: number, min: number, max: number): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      problem(field, `must be a number between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };

  const name = text('name', input.name, true) ?? '';
  const objective = input.objective as CampaignDefinition['objective'];
  if (!OBJECTIVES.includes(objective)) problem('objective', `must be one of ${OBJECTIVES.join(', ')}`);
  if (input.segment !== undefined && input.segment_id !== undefined) problem('segment', 'give segment or segment_id, not both');
  if (input.segment === undefined && input.segment_id === undefined) problem('segment', 'is required (rules, or segment_id)');
  if (input.segment !== undefined && !isObject(input.segment)) problem('segment', 'must be a rule set such as {"all":[…]}');
  const segmentId = input.segment_id === undefined ? undefined : text('segment_id', input.segment_id, true);

  const holdoutPercent = number('holdout_percent', input.holdout_percent, 0, 0, 99);
  const rawSteps: unknown[] = Array.isArray(input.steps) ? input.steps : input.channel !== undefined || input.template !== undefined ? [{ channel: input.channel, template: input.template }] : [];
  if (input.steps !== undefined && !Array.isArray(input.steps)) problem('steps', 'must be a list');
  if (Array.isArray(input.steps) && (input.channel !== undefined || input.template !== undefined)) problem('channel', 'give steps, or channel and template at top level, not both');
  if (!rawSteps.length) problem('steps', 'at least one step is required (or channel and template at top level)');
  const steps: CampaignStepDefinition[] = rawSteps.map((raw, index) => {
    const path = Array.isArray(input.steps) ? `steps[${index}]` : '';
    const at = (field: string) => (path ? `${path}.${field}` : field);
    if (!isObject(raw)) {
      problem(path, 'must be an object');
      return { channel: 'email', template: '', only_non_responders: false };
    }
    const channel = raw.channel as StepChannel;
    if (!STEP_CHANNELS.includes(channel)) problem(at('channel'), `must be one of ${STEP_CHANNELS.join(', ')}`);
    const template = text(at('template'), raw.template, true, 500) ?? '';
    let sendAt: string | undefined;
    if (raw.send_at !== undefined) {
      const parsed = typeof raw.send_at === 'string' ? new Date(raw.send_at) : new Date(NaN);
      if (Number.isNaN(parsed.getTime()) || !/\d{4}-\d{2}-\d{2}T/.test(String(raw.send_at))) problem(at('send_at'), 'must be an ISO-8601 date and time');
      else sendAt = parsed.toISOString();
    }
    const delay = raw.delay_days === undefined ? undefined : number(at('delay_days'), raw.delay_days, 0, 0, 3650);
    if (delay !== undefined && !Number.isInteger(delay)) problem(at('delay_days'), 'must be a whole number of days');
    if (sendAt && delay !== undefined) problem(at('send_at'), 'give send_at or delay_days, not both');
    if (index === 0 && delay) problem(at('delay_days'), 'the first step starts at launch (or send_at)');
    if (raw.only_non_responders !== undefined && typeof raw.only_non_responders !== 'boolean') problem(at('only_non_responders'), 'must be true or false');
    if (index === 0 && raw.only_non_responders === true) problem(at('only_non_responders'), 'the first step has no earlier responses to look at');
    return { channel, template, send_at: sendAt, delay_days: delay, only_non_responders: raw.only_non_responders === true };
  });

  const sender = isObject(input.sender) ? input.sender : {};
  if (!isObject(input.sender)) problem('sender', 'is required (at least a name)');
  const senderName = text('sender.name', sender.name, true) ?? '';
  const senderEmail = text('sender.email', sender.email, steps.some((s) => s.channel === 'email'), 254);
  if (senderEmail && !/^[^@\s<>,;"]+@[^@\s<>,;"]+\.[a-z]{2,}$/i.test(senderEmail)) problem('sender.email', 'must be an e-mail address');
  if (sender.reply_to !== undefined) {
    const replyTo = text('sender.reply_to', sender.reply_to, false, 254);
    if (replyTo && !/^[^@\s<>,;"]+@[^@\s<>,;"]+\.[a-z]{2,}$/i.test(replyTo)) problem('sender.reply_to', 'must be an e-mail address');
  }
  for (const field of ['place', 'signatory_name', 'signatory_title'] as const) text(`sender.${field}`, sender[field], false);
  if (sender.postal_address !== undefined && typeof sender.postal_address !== 'string') problem('sender.postal_address', 'must be a string');
  if (steps.some((s) => s.channel === 'letter') && !sender.postal_address) problem('sender.postal_address', 'is required for letters (the return address of the reply coupon)');

  const costs = isObject(input.costs) ? input.costs : {};
  if (input.costs !== undefined && !isObject(input.costs)) problem('costs', 'must be an object');
  const perMessage: Partial<Record<StepChannel, number>> = {};
  if (costs.per_message !== undefined) {
    if (!isObject(costs.per_message)) problem('costs.per_message', 'must be an object such as {"letter": 4.5}');
    else {
      for (const [channel, value] of Object.entries(costs.per_message)) {
        if (!STEP_CHANNELS.includes(channel as StepChannel)) problem(`costs.per_message.${channel}`, `unknown channel (${STEP_CHANNELS.join(', ')})`);
        else perMessage[channel as StepChannel] = number(`costs.per_message.${channel}`, value, 0, 0, 1e6);
      }
    }
  }
  const currency = costs.currency === undefined ? defaults.currency : String(costs.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) problem('costs.currency', 'must be a currency code such as MAD or EUR');
  const fixedCost = number('costs.fixed', costs.fixed, 0, 0, 1e9);
  const attributionDays = number('attribution_days', input.attribution_days, 30, 1, 365);
  const marginRate = input.margin_rate === undefined || input.margin_rate === null ? null : number('margin_rate', input.margin_rate, 1, 0, 1);
  if (input.data !== undefined && !isObject(input.data)) problem('data', 'must be an object');
  for (const flag of ['professional', 'soft_opt_in'] as const) if (input[flag] !== undefined && typeof input[flag] !== 'boolean') problem(flag, 'must be true or false');
  const known = new Set(['name', 'objective', 'segment', 'segment_id', 'holdout_percent', 'steps', 'channel', 'template', 'sender', 'costs', 'margin_rate', 'attribution_days', 'data', 'professional', 'soft_opt_in']);
  for (const key of Object.keys(input)) if (!known.has(key)) problem(key, 'unknown field');

  if (problems.length) return { problems };
  return {
    definition: {
      name, objective, segment: input.segment as Record<string, unknown> | undefined, segment_id: segmentId,
      holdout_percent: holdoutPercent, steps,
      sender: { ...sender, name: senderName, email: senderEmail },
      costs: { fixed: fixedCost, per_message: perMessage, currency },
      margin_rate: marginRate, attribution_days: attributionDays,
      data: (input.data as Record<string, unknown>) ?? {}, professional: input.professional === true, soft_opt_in: input.soft_opt_in === true,
    },
  };
}
