import type { ConsentPolicy } from '../consent/consent-policy';
import { CONTACT_CHANNELS, type ContactChannel } from '../consent/consent.types';

/**
 * The vocabulary of segment rules (docs/segments.md, "The rule language"): groups `all` / `any` / `not`
 * nesting conditions `{field, op, value}`, and the whitelist of fields a condition may read.
 * Pure data: the validator, the SQL compiler and the in-memory evaluator all read it.
 */

export const OPERATORS = [
  'eq',
  'neq',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'contains',
  'starts_with',
  'is_null',
  'not_null',
  'within_last_days',
  'within_next_days',
  'anniversary_within_days',
] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * How a field's values compare. `instant` is a point in time (a purchase) compared by its
 * calendar date in the company's time zone; `date` is a calendar date.
 */
export type ValueType = 'text' | 'number' | 'date' | 'instant' | 'boolean' | 'enum';

const ORDERED: Operator[] = ['gt', 'gte', 'lt', 'lte', 'between'];
const NULLS: Operator[] = ['is_null', 'not_null'];
const DAYS: Operator[] = ['within_last_days', 'within_next_days'];

export const OPERATORS_BY_TYPE: Record<ValueType, readonly Operator[]> = {
  text: ['eq', 'neq', 'in', 'nin', ...ORDERED, 'contains', 'starts_with', ...NULLS],
  number: ['eq', 'neq', 'in', 'nin', ...ORDERED, ...NULLS],
  date: ['eq', 'neq', 'in', 'nin', ...ORDERED, ...NULLS, ...DAYS, 'anniversary_within_days'],
  instant: ['eq', 'neq', ...ORDERED, ...NULLS, ...DAYS],
  boolean: ['eq', 'neq', ...NULLS],
  enum: ['eq', 'neq', 'in', 'nin', ...NULLS],
};

export const LIFECYCLE_STAGES = ['acquisition', 'development', 'retention', 'decline'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
export const VALUE_TIERS = ['top', 'core', 'tail'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];
export const NPS_CATEGORIES = ['promoter', 'passive', 'detractor'] as const;
export const CONSENT_VALUES = ['granted', 'withdrawn', 'none'] as const;

/** Contact columns readable by rules, with their type. Column names double as SQL identifiers: never take them from input. */
export const CONTACT_COLUMN_TYPES = {
  external_id: 'text',
  type: 'enum',
  civility: 'text',
  first_name: 'text',
  last_name: 'text',
  company_name: 'text',
  job_title: 'text',
  email: 'text',
  phone: 'text',
  address_line1: 'text',
  address_line2: 'text',
  postal_code: 'text',
  city: 'text',
  region: 'text',
  country: 'text',
  birth_date: 'date',
  locale: 'text',
  timezone: 'text',
  loyalty_card_expires_on: 'date',
  contract_renews_on: 'date',
} as const satisfies Record<string, ValueType>;
export type ContactColumn = keyof typeof CONTACT_COLUMN_TYPES;
export const CONTACT_COLUMNS = Object.keys(CONTACT_COLUMN_TYPES) as ContactColumn[];

export interface FieldSpec {
  type: ValueType;
  /** Allowed values of an enum field. */
  values?: readonly string[];
  /** Purchase aggregates: accepts `window_days`. */
  windowed?: boolean;
  /** Money: accepts `currency` (default: the company's currency). */
  monetary?: boolean;
  /** Whole numbers: compared as integers when the values are whole (keeps integer comparisons in SQL). */
  integer?: boolean;
  /**
   * The values a number field can take, checked before SQL: a value compared as a bigint must fit
   * one, and a value no client can have (an age of 1e300) is a mistake worth saying.
   */
  range?: { min: number; max: number };
}

/** Bounds of the number fields (README, "Segment rules"). */
export const NUMBER_RANGES = {
  age: { min: 0, max: 150 },
  count: { min: 0, max: 1_000_000_000 },
  amount: { min: -1_000_000_000_000_000, max: 1_000_000_000_000_000 },
  quintile: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
} as const;

/** Every field but `attr.<name>` (typed by the value compared). */
export const FIELDS: Record<string, FieldSpec> = {
  ...Object.fromEntries(CONTACT_COLUMNS.map((column) => [column, { type: CONTACT_COLUMN_TYPES[column] }])),
  type: { type: 'enum', values: ['person', 'company'] },
  age: { type: 'number', integer: true, range: NUMBER_RANGES.age },
  'purchases.count': { type: 'number', windowed: true, integer: true, range: NUMBER_RANGES.count },
  'purchases.total_amount': { type: 'number', windowed: true, monetary: true, range: NUMBER_RANGES.amount },
  'purchases.last_at': { type: 'instant', windowed: true },
  'rfm.recency': { type: 'number', integer: true, range: NUMBER_RANGES.quintile },
  'rfm.frequency': { type: 'number', integer: true, range: NUMBER_RANGES.quintile },
  'rfm.monetary': { type: 'number', integer: true, range: NUMBER_RANGES.quintile },
  'rfm.score': { type: 'text' },
  lifecycle: { type: 'enum', values: LIFECYCLE_STAGES },
  value_tier: { type: 'enum', values: VALUE_TIERS },
  silent: { type: 'boolean' },
  ...Object.fromEntries(
    CONTACT_CHANNELS.map((channel) => [`consent.${channel}`, { type: 'enum', values: CONSENT_VALUES }]),
  ),
  'complaints.open': { type: 'number', integer: true, range: NUMBER_RANGES.count },
  'nps.category': { type: 'enum', values: NPS_CATEGORIES },
  // Extensions beyond the contract.
  'nps.score': { type: 'number', integer: true, range: NUMBER_RANGES.nps },
  unhappy: { type: 'boolean' },
};

/** `attr.<name>`: names as the importer makes them (lower case, digits, underscores). */
export const ATTRIBUTE_FIELD = /^attr\.([a-z0-9_]{1,100})$/;

export type ScalarValue = string | number | boolean;

/** A rule set as written (JSON). */
export type RuleNode = RuleGroup | RuleCondition;
export type RuleGroup = { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode };
export interface RuleCondition {
  field: string;
  op: Operator;
  value?: unknown;
  window_days?: number;
  currency?: string;
}

/** A rule set after validation: every condition typed and its value checked. */
export type CheckedNode =
  { kind: 'all' | 'any'; children: CheckedNode[] } | { kind: 'not'; child: CheckedNode } | CheckedCondition;

export type FieldRef =
  | { source: 'column'; column: ContactColumn }
  | { source: 'attribute'; name: string }
  | { source: 'computed'; name: string };

export interface CheckedCondition {
  kind: 'condition';
  field: string;
  ref: FieldRef;
  type: ValueType;
  op: Operator;
  /** A scalar, a list (`in`, `nin`), a pair (`between`), a day count, or undefined (`is_null`, `not_null`). */
  value?: ScalarValue | ScalarValue[];
  windowDays?: number;
  currency?: string;
}

export function isConsentField(field: string): field is `consent.${ContactChannel}` {
  return field.startsWith('consent.');
}

/** What rules are evaluated against besides the data: the consent policy, the instant, the company's calendar and currency. */
export interface SegmentContext {
  policy: ConsentPolicy;
  now: Date;
  /** The company's time zone (RELANCE_TIMEZONE): "today" and day boundaries. */
  timeZone: string;
  /** The company's currency (RELANCE_DEFAULT_CURRENCY): purchase amounts in other currencies are never added to it. */
  currency: string;
}
