import type { Trigger } from './automation-definition';

export interface TriggerData {
  /** The names every message of the step carries, with example values. */
  data: Record<string, unknown>;
  /** The step's messages also carry data the definition cannot know (an event's own data). */
  open: boolean;
  /** Names only some messages of the step carry (an inactivity reminder's first attempt). */
  sometimes: string[];
}

/**
 * What the scheduler adds to `campaign.data` of every message of a step (trigger-sql.ts,
 * follow-ups-sql.ts, and the occurrence and due time of each delivery), with example values: the
 * save check counts these names as given. Only names every message of the step carries are in
 * `data`: an inactivity reminder's later attempts lack `last_order_at`, later steps carry none of
 * the trigger's. `open`: a missing `campaign.data.*` name is not refused. None of these is the
 * operator's, so none is ever printed raw (templates/engine/raw-output.ts).
 */
export function triggerData(trigger: Trigger, position: number): TriggerData {
  const common = { occurrence: '2027', due_at: '2027-01-15T09:00:00.000Z' };
  const given = (data: Record<string, unknown>, open = false, sometimes: string[] = []): TriggerData => ({
    data: { ...common, ...data },
    open,
    sometimes,
  });
  if (position > 1) return given({ previous_delivery_id: '1' });
  switch (trigger.type) {
    case 'date_offset':
      return given({ date: '2027-01-15', offset_days: trigger.offset_days?.[0] ?? 0, occurrence_date: '2027-01-15' });
    case 'inactivity':
      return given({ attempt: 1 }, false, ['last_order_at', 'reason', 'previous_delivery_id']);
    case 'after_purchase':
      return given({ order_id: 'A-1', ordered_at: '2027-01-08T15:00:00.000Z', amount: 100, currency: 'MAD' });
    case 'event':
    case 'complaint_closed':
      return given({ event: trigger.name ?? trigger.type, occurred_at: '2027-01-08T15:00:00.000Z' }, true);
    default:
      return given({});
  }
}
