import { DomainError } from '../core/errors/domain-error';

export const COMPLAINT_STATUSES = [
  'received',
  'acknowledged',
  'qualified',
  'in_resolution',
  'answered',
  'closed',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const COMPLAINT_CHANNELS = ['email', 'phone', 'letter', 'web', 'coupon', 'survey'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_TYPES = ['good_faith', 'bad_faith', 'seller_fault'] as const;
export const CLOSING_CONDITIONS = ['client_satisfied', 'gesture_accepted', 'unfounded'] as const;
export type ClosingCondition = (typeof CLOSING_CONDITIONS)[number];
export const COMPENSATION_KINDS = ['refund', 'credit_note', 'voucher', 'free_service', 'discount'] as const;
export type CompensationKind = (typeof COMPENSATION_KINDS)[number];

export type ComplaintAction = 'acknowledge' | 'qualify' | 'assign' | 'answer' | 'close';

/**
 * The six phases as a state machine: received → acknowledged → qualified → in_resolution →
 * answered → closed. Qualifying again before the answer corrects the coding; assigning again
 * hands the file over. Each action lists the states it may start from and where it leads.
 */
const TRANSITIONS: Record<
  ComplaintAction,
  { from: readonly ComplaintStatus[]; to: (current: ComplaintStatus) => ComplaintStatus; needs: string }
> = {
  acknowledge: { from: ['received'], to: () => 'acknowledged', needs: 'a complaint just received' },
  qualify: {
    from: ['received', 'acknowledged', 'qualified', 'in_resolution'],
    to: (current) => (current === 'in_resolution' ? 'in_resolution' : 'qualified'),
    needs: 'a complaint not yet answered',
  },
  assign: {
    from: ['qualified', 'in_resolution'],
    to: () => 'in_resolution',
    needs: 'a qualified complaint (qualify it first)',
  },
  answer: { from: ['in_resolution'], to: () => 'answered', needs: 'a complaint in resolution (assign it first)' },
  close: { from: ['answered'], to: () => 'closed', needs: 'an answered complaint' },
};

/** The state after `action`, or a 409 saying what the complaint is and what the action needs. */
export function nextStatus(reference: string, current: ComplaintStatus, action: ComplaintAction): ComplaintStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    throw DomainError.conflict(
      'complaints.invalid_transition',
      `complaint ${reference} is ${current.replace('_', ' ')}: cannot ${action} it, this needs ${transition.needs}`,
      {
        status: current,
        action,
        allowed_from: transition.from,
      },
    );
  }
  return transition.to(current);
}

/** `REC-2026-000123`: the year of receipt and a number that never repeats. */
export function formatReference(year: number, sequence: number): string {
  return `REC-${year}-${String(sequence).padStart(6, '0')}`;
}

export const REFERENCE_PATTERN = /\bREC-\d{4}-\d{6,}\b/;
