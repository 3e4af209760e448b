import type { FieldProblem } from '../core/errors/domain-error';
import { parseCampaignDefinition, type CampaignDefinition } from '../campaigns/campaign-definition';

export const TRIGGER_TYPES = [
  'birthday',
  'date_offset',
  'inactivity',
  'after_purchase',
  'welcome',
  'complaint_closed',
  'fixed_date',
  'event',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** Date columns a `date_offset` trigger may follow (besides `attr.<name>` and `purchases.last_at`). */
export const DATE_FIELDS = ['birth_date', 'loyalty_card_expires_on', 'contract_renews_on'] as const;

export interface Trigger {
  type: TriggerType;
  /** Local time of day, HH:MM, in the contact's time zone (the company's when unknown). */
  local_time: string;
  /** date_offset: the date followed; `attr.<name>`, a date column or `purchases.last_at`. */
  field?: string;
  /** date_offset: days relative to the date (−30 = thirty days before); several give several reminders. */
  offset_days?: number[];
  /** date_offset: repeat every N months after the date (periodic servicing after a purchase). */
  every_months?: number;
  /** inactivity: attempts at most, and days between them when the previous one got no response. */
  attempts?: number;
  retry_after_days?: number;
  /** after_purchase, welcome, complaint_closed, event: days after the fact. */
  delay_days?: number;
  /** fixed_date */
  month?: number;
  day?: number;
  /** event */
  name?: string;
}

export interface AutomationDefinition extends CampaignDefinition {
  trigger: Trigger;
  /** A message held back (frequency cap, quiet hours) is dropped this many days after its due time. */
  expire_after_days: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const DEFAULT_TIME: Record<TriggerType, string> = {
  birthday: '09:30',
  date_offset: '10:00',
  inactivity: '10:00',
  after_purchase: '10:00',
  welcome: '10:00',
  complaint_closed: '10:00',
  fixed_date: '09:00',
  event: '10:00',
};

/**
 * Validates an automation (docs/automations.md, "Defining an automation"): the campaign fields — objective `loyalty`
 * and the whole base by default — plus a trigger. Every problem comes with its path.
 */
export function parseAutomationDefinition(
  input: unknown,
  defaults: { currency: string },
): { definition: AutomationDefinition } | { problems: FieldProblem[] } {
  if (!isObject(input)) return { problems: [{ field: '(root)', reason: 'must be a JSON object' }] };
  const { trigger: rawTrigger, expire_after_days: rawExpiry, ...campaignPart } = input;
  const problems: FieldProblem[] = [];
  const problem = (field: string, reason: string) => problems.push({ field, reason });
  const campaign = parseCampaignDefinition(
    {
      objective: 'loyalty',
      ...(campaignPart.segment_id === undefined && campaignPart.segment === undefined ? { segment: { all: [] } } : {}),
      ...campaignPart,
    },
    defaults,
  );
  if ('problems' in campaign) problems.push(...campaign.problems);

  let trigger: Trigger | undefined;
  if (!isObject(rawTrigger)) problem('trigger', `is required: {"type": one of ${TRIGGER_TYPES.join(', ')}, …}`);
  else trigger = parseTrigger(rawTrigger, problem);
  let expireAfterDays = 7;
  if (rawExpiry !== undefined) {
    if (typeof rawExpiry !== 'number' || !Number.isInteger(rawExpiry) || rawExpiry < 1 || rawExpiry > 365)
      problem('expire_after_days', 'must be a whole number of days between 1 and 365');
    else expireAfterDays = rawExpiry;
  }
  if (problems.length || !trigger || 'problems' in campaign) return { problems };
  return { definition: { ...campaign.definition, trigger, expire_after_days: expireAfterDays } };
}

type ProblemSink = (field: string, reason: string) => void;

/** The settings each trigger type accepts besides `type` and `local_time`. */
const TRIGGER_SETTINGS: Record<TriggerType, string[]> = {
  birthday: [],
  date_offset: ['field', 'offset_days', 'every_months'],
  inactivity: ['attempts', 'retry_after_days'],
  after_purchase: ['delay_days'],
  welcome: ['delay_days'],
  complaint_closed: ['delay_days'],
  fixed_date: ['month', 'day'],
  event: ['name', 'delay_days'],
};

function parseTrigger(raw: Record<string, unknown>, problem: ProblemSink): Trigger | undefined {
  const type = raw.type as TriggerType;
  if (!TRIGGER_TYPES.includes(type)) {
    problem('trigger.type', `must be one of ${TRIGGER_TYPES.join(', ')}`);
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && key !== 'local_time' && !TRIGGER_SETTINGS[type].includes(key))
      problem(
        `trigger.${key}`,
        `not a setting of a ${type} trigger (${['local_time', ...TRIGGER_SETTINGS[type]].join(', ')})`,
      );
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any JSON value is coerced as before; the pattern below refuses what is not a time
  const localTime = raw.local_time === undefined ? DEFAULT_TIME[type] : String(raw.local_time);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(localTime))
    problem('trigger.local_time', 'must be a time of day such as 09:30');
  const whole = wholeSetting(raw, problem);
  const trigger: Trigger = { type, local_time: localTime };
  switch (type) {
    case 'date_offset':
      parseDateOffset(raw, trigger, whole, problem);
      break;
    case 'inactivity':
      trigger.attempts = whole('attempts', 1, 5, 2);
      trigger.retry_after_days = whole('retry_after_days', 1, 365, 21);
      break;
    case 'after_purchase':
      trigger.delay_days = whole('delay_days', 0, 365, 7);
      break;
    case 'welcome':
      trigger.delay_days = whole('delay_days', 0, 365, 0);
      break;
    case 'complaint_closed':
      trigger.delay_days = whole('delay_days', 0, 365, 15);
      break;
    case 'event':
      if (typeof raw.name !== 'string' || !/^[a-z][a-z0-9_.-]{0,63}$/.test(raw.name))
        problem('trigger.name', 'must be an event name such as referral_succeeded (lower case)');
      trigger.name = String(raw.name);
      trigger.delay_days = whole('delay_days', 0, 365, 0);
      break;
    case 'fixed_date':
      parseFixedDate(trigger, whole, problem);
      break;
    default:
      break;
  }
  return trigger;
}

type WholeSetting = (key: string, min: number, max: number, fallback?: number) => number | undefined;

/** Reads a whole-number setting of the trigger within bounds; the fallback when absent or out of bounds. */
function wholeSetting(raw: Record<string, unknown>, problem: ProblemSink): WholeSetting {
  return (key, min, max, fallback) => {
    const value = raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      problem(`trigger.${key}`, `must be a whole number between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
}

/** date_offset: the date followed, one or more offsets from it, and an optional repetition. */
function parseDateOffset(
  raw: Record<string, unknown>,
  trigger: Trigger,
  whole: WholeSetting,
  problem: ProblemSink,
): void {
  const field = typeof raw.field === 'string' ? raw.field : '';
  if (
    !(DATE_FIELDS as readonly string[]).includes(field) &&
    field !== 'purchases.last_at' &&
    !/^attr\.[a-z0-9_]{1,63}$/.test(field)
  ) {
    problem('trigger.field', `must be a date field: ${DATE_FIELDS.join(', ')}, purchases.last_at or attr.<name>`);
  }
  const offsets =
    raw.offset_days === undefined ? [0] : Array.isArray(raw.offset_days) ? raw.offset_days : [raw.offset_days];
  if (!offsets.length || offsets.some((o) => typeof o !== 'number' || !Number.isInteger(o) || Math.abs(o) > 3650)) {
    problem('trigger.offset_days', 'must be a whole number of days (or a list of them) between −3650 and 3650');
  }
  if (new Set(offsets).size !== offsets.length) problem('trigger.offset_days', 'lists the same offset twice');
  trigger.field = field;
  trigger.offset_days = [...(offsets as number[])].sort((a, b) => a - b);
  trigger.every_months = whole('every_months', 1, 120);
}

/** fixed_date: a month and a day that exists in it (29 February included, as in a leap year). */
function parseFixedDate(trigger: Trigger, whole: WholeSetting, problem: ProblemSink): void {
  trigger.month = whole('month', 1, 12);
  trigger.day = whole('day', 1, 31);
  if (trigger.month === undefined) problem('trigger.month', 'is required (1–12)');
  if (trigger.day === undefined) problem('trigger.day', 'is required (1–31)');
  else if (trigger.month && trigger.day > new Date(Date.UTC(2024, trigger.month, 0)).getUTCDate())
    problem('trigger.day', `month ${trigger.month} has no day ${trigger.day}`);
}
