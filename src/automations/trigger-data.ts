import type { Trigger } from './automation-definition';

/**
 * What the scheduler adds to `campaign.data` of every message of a step (trigger-sql.ts,
 * follow-ups-sql.ts, and the occurrence and due time of each delivery), with example values: the
 * save check counts these names as given. Only names every message of the step carries: an
 * inactivity reminder's later attempts lack `last_order_at`, later steps carry none of the
 * trigger's. `open`: the step's messages also carry data the definition cannot know (an event's
 * own data), so a missing `campaign.data.*` name is not refused.
 */
export function triggerData(trigger: Trigger, position: number): { data: Record<string, unknown>; open: boolean } {
  const common = { occurrence: '2027', due_at: '2027-01-15T09:00:00.000Z' };
  if (position > 1) return { data: { ...common, previous_delivery_id: '1' }, open: false };
  switch (trigger.type) {
    case 'date_offset':
      return { data: { ...common, date: '2027-01-15', offset_days: trigger.offset_days?.[0] ?? 0, occurrence_date: '2027-01-15' }, open: false };
    case 'inactivity':
      return { data: { ...common, attempt: 1 }, open: false };
    case 'after_purchase':
      return { data: { ...common, order_id: 'A-1', ordered_at: '2027-01-08T15:00:00.000Z', amount: 100, currency: 'MAD' }, open: false };
    case 'event':
    case 'complaint_closed':
      return { data: { ...common, event: trigger.name ?? trigger.type, occurred_at: '2027-01-08T15:00:00.000Z' }, open: true };
    default:
      return { data: common, open: false };
  }
}
