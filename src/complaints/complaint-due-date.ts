import { addCalendarDays, addWorkingDays, type WorkingCalendar } from './working-calendar';

/** The longest a complaint may wait for its answer (docs/complaints.md, "Due date"): five working days. */
export const MAX_WORKING_DAYS = 5;

export interface DueDateInput {
  receivedAt: Date;
  urgent: boolean;
  important: boolean;
  /** The delay the client asked for, in calendar days (used when urgent or important only). */
  requestedDelayDays?: number | null;
}

export type DueDateRule = 'urgent_and_important' | 'requested_delay' | 'within_the_week' | 'maximum';

/**
 * The answer's due date by the response-time matrix of the domain notes, never later than five
 * working days after receipt:
 * - urgent and important: 24 hours, counted in working time (the next working day, same hour);
 * - urgent or important only: the delay the client asked for (calendar days); without one, the maximum;
 * - neither: within the week (seven calendar days).
 * `rule` says which bound decided, so the acknowledgement and the dashboard can explain it.
 */
export function complaintDueDate(input: DueDateInput, calendar: WorkingCalendar): { dueAt: Date; rule: DueDateRule } {
  const maximum = addWorkingDays(input.receivedAt, MAX_WORKING_DAYS, calendar);
  let candidate: Date | undefined;
  let rule: DueDateRule;
  if (input.urgent && input.important) {
    candidate = addWorkingDays(input.receivedAt, 1, calendar);
    rule = 'urgent_and_important';
  } else if (input.urgent || input.important) {
    const days = input.requestedDelayDays;
    candidate =
      days === undefined || days === null ? undefined : addCalendarDays(input.receivedAt, days, calendar.timeZone);
    rule = 'requested_delay';
  } else {
    candidate = addCalendarDays(input.receivedAt, 7, calendar.timeZone);
    rule = 'within_the_week';
  }
  if (!candidate || candidate.getTime() > maximum.getTime()) return { dueAt: maximum, rule: 'maximum' };
  return { dueAt: candidate, rule };
}
