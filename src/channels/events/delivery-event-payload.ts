import type { FieldProblem } from '../../core/errors/domain-error';
import { DELIVERY_EVENT_TYPES, type DeliveryEvent, type DeliveryEventType } from '../channel.types';
import type { StatusMap } from '../../core/config/sms-status-map';

/** At most this many events in one webhook call. */
export const MAX_EVENTS_PER_CALL = 1000;

/** Events older than this are refused: a provider retries for hours, not for weeks. */
const MAX_EVENT_AGE_MS = 90 * 86_400_000;
/** Clocks differ: an event a little in the future is accepted and dated now. */
const CLOCK_SKEW_MS = 15 * 60_000;

export type ParsedEvents = { events: DeliveryEvent[] } | { problems: FieldProblem[] };

export { DEFAULT_SMS_STATUS_MAP, parseStatusMap, type StatusMap } from '../../core/config/sms-status-map';

function text(value: unknown, field: string, problems: FieldProblem[], max = 500): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    problems.push({ field, reason: 'must be a string' });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length > max) problems.push({ field, reason: `must be at most ${max} characters` });
  // Control characters never come from an honest provider, and would end up in logs and reasons.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(trimmed))
    problems.push({ field, reason: 'must not contain control characters' });
  return trimmed || undefined;
}

function instant(value: unknown, field: string, problems: FieldProblem[], now: Date): Date | undefined {
  if (value === undefined || value === null || value === '') return now;
  let date: Date;
  if (typeof value === 'number') date = new Date(value < 1e11 ? value * 1000 : value);
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) date = new Date(value);
  else {
    problems.push({ field, reason: 'must be an ISO-8601 date-time or a Unix timestamp' });
    return undefined;
  }
  if (Number.isNaN(date.getTime())) {
    problems.push({ field, reason: `is not a valid date-time: ${JSON.stringify(value)}` });
    return undefined;
  }
  if (date.getTime() < now.getTime() - MAX_EVENT_AGE_MS) {
    problems.push({ field, reason: 'is more than 90 days old' });
    return undefined;
  }
  if (date.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    problems.push({ field, reason: 'is in the future' });
    return undefined;
  }
  return date.getTime() > now.getTime() ? now : date;
}

function eventType(
  value: unknown,
  field: string,
  problems: FieldProblem[],
  statusMap: StatusMap,
): DeliveryEventType | undefined {
  if (typeof value !== 'string' || !value.trim()) {
    problems.push({ field, reason: `is required: one of ${DELIVERY_EVENT_TYPES.join(', ')}` });
    return undefined;
  }
  const word = value.trim().toLowerCase();
  if ((DELIVERY_EVENT_TYPES as readonly string[]).includes(word)) return word as DeliveryEventType;
  const mapped = statusMap[word];
  if (mapped) return mapped;
  problems.push({
    field,
    reason: `must be one of ${DELIVERY_EVENT_TYPES.join(', ')} (got ${JSON.stringify(value.slice(0, 40))})`,
  });
  return undefined;
}

/**
 * The generic JSON delivery-event format: one object or an array of them, each
 * `{delivery_id | message_id | provider_id, recipient, type, reason, at, event_id}`. Aliases
 * cover what SMS providers usually send back: `reference` (what we sent as our reference: the
 * delivery id), `id` (their message id), `status` (for `type`, through the status map),
 * `timestamp` (for `at`). Every problem is reported with its path, none is guessed.
 */
export function parseDeliveryEvents(body: unknown, options: { now?: Date; statusMap?: StatusMap } = {}): ParsedEvents {
  const now = options.now ?? new Date();
  const statusMap = options.statusMap ?? {};
  const items = Array.isArray(body) ? body : [body];
  const prefix = (index: number) => (Array.isArray(body) ? `[${index}].` : '');
  if (Array.isArray(body) && body.length === 0)
    return { problems: [{ field: 'body', reason: 'is an empty array: send at least one event' }] };
  if (items.length > MAX_EVENTS_PER_CALL)
    return {
      problems: [{ field: 'body', reason: `has ${items.length} events: at most ${MAX_EVENTS_PER_CALL} per call` }],
    };
  const problems: FieldProblem[] = [];
  const events: DeliveryEvent[] = [];
  items.forEach((item, index) => {
    const p = prefix(index);
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push({ field: p ? p.slice(0, -1) : 'body', reason: 'must be a JSON object' });
      return;
    }
    const raw = item as Record<string, unknown>;
    const before = problems.length;
    const deliveryId = text(raw.delivery_id ?? raw.reference, `${p}delivery_id`, problems, 40);
    if (deliveryId !== undefined && !/^\d{1,18}$/.test(deliveryId))
      problems.push({ field: `${p}delivery_id`, reason: 'must be a relance delivery id (digits)' });
    const messageId = text(raw.message_id, `${p}message_id`, problems, 300);
    const providerId = text(raw.provider_id ?? raw.id, `${p}provider_id`, problems, 200);
    const recipient = text(raw.recipient ?? raw.to ?? raw.email, `${p}recipient`, problems, 320);
    const type = eventType(raw.type ?? raw.status ?? raw.event, `${p}type`, problems, statusMap);
    const reason = text(raw.reason ?? raw.description ?? raw.error, `${p}reason`, problems, 1000);
    const eventId = text(raw.event_id, `${p}event_id`, problems, 200);
    const at = instant(raw.at ?? raw.timestamp ?? raw.occurred_at, `${p}at`, problems, now);
    if (!deliveryId && !messageId && !providerId && !recipient) {
      problems.push({
        field: `${p}delivery_id`,
        reason: 'the event names no message: give delivery_id, message_id, provider_id or at least recipient',
      });
    }
    if (problems.length === before && type && at) {
      const atEstimated = (raw.at ?? raw.timestamp ?? raw.occurred_at ?? '') === '';
      events.push({
        eventId,
        deliveryId,
        messageId,
        providerId,
        recipient,
        type,
        reason,
        at,
        ...(atEstimated ? { atEstimated } : {}),
      });
    }
  });
  return problems.length ? { problems } : { events };
}
