/**
 * When to call a contact. Calls stay inside the hours French rules allow for consumer
 * telemarketing (weekdays 10:00–13:00 and 14:00–20:00, décret 2022-1313; the same frame is used
 * for Morocco) and inside business hours for companies. Within those, the slot closest to the
 * hour the contact usually buys is preferred — people answer when they are available, and buying
 * times say when that is. Without enough purchases: evenings for persons, late morning for companies.
 */
export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday';

export interface CallTimeInput {
  type: string;
  /** Most frequent local hour (0–23) and ISO weekday (1 = Monday … 7 = Sunday) of the contact's purchases. */
  purchaseHour?: number | null;
  purchaseWeekday?: number | null;
  purchases: number;
}

export interface CallWindow {
  /** A weekday, or `weekday` when any working day will do. */
  day: Weekday | 'weekday';
  from: string;
  to: string;
  basis: 'purchase_habits' | 'default_person' | 'default_company';
}

const WEEKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** Two-hour slots, [start, end) in hours. */
const PERSON_SLOTS: Array<[number, number]> = [[10, 12], [11, 13], [14, 16], [16, 18], [18, 20]];
const COMPANY_SLOTS: Array<[number, number]> = [[9, 11], [10, 12], [14, 16], [16, 18]];

/** Enough purchases for their timing to say something. */
export const MIN_PURCHASES_FOR_HABITS = 3;

function hour(value: number): string {
  return `${String(value).padStart(2, '0')}:00`;
}

function closestSlot(slots: Array<[number, number]>, target: number): [number, number] {
  const distance = ([start, end]: [number, number]) => (target >= start && target < end ? 0 : Math.min(Math.abs(target - start), Math.abs(target - (end - 1))));
  return slots.reduce((best, slot) => (distance(slot) < distance(best) ? slot : best));
}

export function bestTimeToCall(input: CallTimeInput): CallWindow {
  const company = input.type === 'company';
  const slots = company ? COMPANY_SLOTS : PERSON_SLOTS;
  const habits = input.purchases >= MIN_PURCHASES_FOR_HABITS && input.purchaseHour !== null && input.purchaseHour !== undefined;
  if (!habits) {
    const [start, end] = company ? COMPANY_SLOTS[1] : PERSON_SLOTS[4];
    return { day: 'weekday', from: hour(start), to: hour(end), basis: company ? 'default_company' : 'default_person' };
  }
  const [start, end] = closestSlot(slots, input.purchaseHour!);
  const weekday = input.purchaseWeekday;
  const day = weekday && weekday >= 1 && weekday <= 5 ? WEEKDAYS[weekday - 1] : 'weekday';
  return { day, from: hour(start), to: hour(end), basis: 'purchase_habits' };
}
