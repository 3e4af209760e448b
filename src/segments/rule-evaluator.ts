import { effectiveConsent } from '../consent/can-contact';
import type { ConsentState, ContactChannel } from '../consent/consent.types';
import { addDays, ageOn, daysToAnniversary, isIsoDate, localDate } from '../contacts/normalisation/calendar';
import type { CheckedCondition, CheckedNode, ContactColumn, ScalarValue, SegmentContext } from './segment-rules';

/**
 * The rules evaluated in memory, one contact at a time: the reference the SQL compiler is tested
 * against (a property test runs both over random bases), and usable wherever a handful of
 * contacts is already loaded. Written from the rule semantics, not from the compiler.
 */
export interface ContactFacts {
  id: string;
  erased: boolean;
  /** Standard columns; dates as `YYYY-MM-DD`. */
  columns: Partial<Record<ContactColumn, string | null>>;
  attributes: Record<string, unknown>;
  purchases: Array<{ orderedAt: Date; amount: number; currency: string }>;
  scores?: {
    recency: number | null;
    frequency: number | null;
    monetary: number | null;
    rfm: string | null;
    lifecycle: string | null;
    valueTier: string | null;
    silent: boolean;
  };
  feedback?: { openComplaints: number; npsScore: number | null };
  consent: Partial<Record<ContactChannel, ConsentState>>;
}

type Value = ScalarValue | Date | null;

export function evaluateRules(rules: CheckedNode, contact: ContactFacts, context: SegmentContext): boolean {
  return !contact.erased && evaluateNode(rules, contact, context);
}

function evaluateNode(node: CheckedNode, contact: ContactFacts, context: SegmentContext): boolean {
  switch (node.kind) {
    case 'all':
      return node.children.every((child) => evaluateNode(child, contact, context));
    case 'any':
      return node.children.some((child) => evaluateNode(child, contact, context));
    case 'not':
      return !evaluateNode(node.child, contact, context);
    case 'condition':
      return evaluateCondition(node, fieldValue(node, contact, context), context);
  }
}

function npsCategory(score: number | null | undefined): string | null {
  if (score === null || score === undefined) return null;
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

function attributeValue(condition: CheckedCondition, raw: unknown): Value {
  if (raw === undefined || raw === null) return null;
  // Only presence counts for these two operators, whatever the value prints as.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  if (condition.op === 'is_null' || condition.op === 'not_null') return String(raw);
  switch (condition.type) {
    case 'number':
      return typeof raw === 'number' ? raw : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    case 'date':
      return isIsoDate(raw) ? raw : null;
    default:
      return typeof raw === 'string' ? raw : null;
  }
}

function purchasesValue(condition: CheckedCondition, contact: ContactFacts, context: SegmentContext): Value {
  const today = localDate(context.now, context.timeZone);
  const inWindow = (at: Date) => {
    if (condition.windowDays === undefined) return true;
    const day = localDate(at, context.timeZone);
    return day >= addDays(today, -condition.windowDays) && day <= today;
  };
  const purchases = contact.purchases.filter((purchase) => inWindow(purchase.orderedAt));
  if (condition.field === 'purchases.count') return purchases.length;
  if (condition.field === 'purchases.last_at')
    return purchases.length ? new Date(Math.max(...purchases.map((p) => p.orderedAt.getTime()))) : null;
  const currency = condition.currency ?? context.currency;
  const cents = purchases
    .filter((p) => p.currency === currency)
    .reduce((sum, p) => sum + Math.round(p.amount * 100), 0);
  return cents / 100;
}

function fieldValue(condition: CheckedCondition, contact: ContactFacts, context: SegmentContext): Value {
  const { ref } = condition;
  if (ref.source === 'column') return contact.columns[ref.column] ?? null;
  if (ref.source === 'attribute')
    return attributeValue(
      condition,
      Object.hasOwn(contact.attributes, ref.name) ? contact.attributes[ref.name] : undefined,
    );
  const scores = contact.scores;
  const feedback = contact.feedback ?? { openComplaints: 0, npsScore: null };
  switch (ref.name) {
    case 'age': {
      const birth = contact.columns.birth_date;
      return birth ? ageOn(birth, localDate(context.now, context.timeZone)) : null;
    }
    case 'rfm.recency':
      return scores?.recency ?? null;
    case 'rfm.frequency':
      return scores?.frequency ?? null;
    case 'rfm.monetary':
      return scores?.monetary ?? null;
    case 'rfm.score':
      return scores?.rfm ?? null;
    case 'lifecycle':
      return scores?.lifecycle ?? null;
    case 'value_tier':
      return scores?.valueTier ?? null;
    case 'silent':
      return scores?.silent ?? false;
    case 'complaints.open':
      return feedback.openComplaints;
    case 'nps.score':
      return feedback.npsScore;
    case 'nps.category':
      return npsCategory(feedback.npsScore);
    case 'unhappy':
      return feedback.openComplaints > 0 || npsCategory(feedback.npsScore) === 'detractor';
  }
  if (ref.name.startsWith('purchases.')) return purchasesValue(condition, contact, context);
  if (ref.name.startsWith('consent.')) {
    const channel = ref.name.slice('consent.'.length) as ContactChannel;
    return effectiveConsent(context.policy, contact.consent[channel]);
  }
  throw new Error(`no value for field ${ref.name}`);
}

function compare(a: Value, b: ScalarValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = String(a);
  const right = String(b);
  // Code point order, like the compiler's COLLATE "C".
  return left < right ? -1 : left > right ? 1 : 0;
}

function evaluateCondition(condition: CheckedCondition, raw: Value, context: SegmentContext): boolean {
  if (condition.op === 'is_null') return raw === null;
  if (condition.op === 'not_null') return raw !== null;
  if (condition.op === 'neq') return !evaluateCondition({ ...condition, op: 'eq' }, raw, context);
  if (condition.op === 'nin') return !evaluateCondition({ ...condition, op: 'in' }, raw, context);
  if (raw === null) return false;
  // Points in time are compared by their calendar date in the company's time zone.
  const value: Value = raw instanceof Date ? localDate(raw, context.timeZone) : raw;
  const today = localDate(context.now, context.timeZone);
  const operand = condition.value as ScalarValue;
  switch (condition.op) {
    case 'eq':
      return compare(value, operand) === 0;
    case 'in':
      return (condition.value as ScalarValue[]).some((item) => compare(value, item) === 0);
    case 'gt':
      return compare(value, operand) > 0;
    case 'gte':
      return compare(value, operand) >= 0;
    case 'lt':
      return compare(value, operand) < 0;
    case 'lte':
      return compare(value, operand) <= 0;
    case 'between': {
      const [low, high] = condition.value as ScalarValue[];
      return compare(value, low) >= 0 && compare(value, high) <= 0;
    }
    case 'contains':
      return String(value)
        .toLowerCase()
        .includes((operand as string).toLowerCase());
    case 'starts_with':
      return String(value)
        .toLowerCase()
        .startsWith((operand as string).toLowerCase());
    case 'within_last_days':
      return value >= addDays(today, -(operand as number)) && value <= today;
    case 'within_next_days':
      return value >= today && value <= addDays(today, operand as number);
    case 'anniversary_within_days':
      return daysToAnniversary(value as string, today) <= (operand as number);
    default:
      throw new Error(`unknown operator ${String(condition.op)}`);
  }
}
