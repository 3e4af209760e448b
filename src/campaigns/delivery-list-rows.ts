import { displayName } from '../templates/engine/recipient-data';

/** A delivery, or a control-group member (`holdout: true`: no delivery, step, channel or code; state `held_out`). */
export interface DeliveryListRow {
  delivery_id: string | null;
  step: number | null;
  channel: string | null;
  external_id: string;
  state: string;
  response_code: string | null;
  holdout: boolean;
  reason: string | null;
  sent_at: Date | null;
}

export const DELIVERY_LIST_COLUMNS = [
  'delivery_id',
  'step',
  'channel',
  'external_id',
  'state',
  'response_code',
  'holdout',
  'reason',
  'sent_at',
] as const;

export interface DeliveryListPage {
  rows: DeliveryListRow[];
  /** The `after` of the next page; null on the last one. */
  next: string | null;
}

/** A row of the detailed list: the contact's name (as a letter would address them) and e-mail, when the delivery was planned and delivered. */
export interface DetailedDeliveryListRow extends DeliveryListRow {
  contact_name: string | null;
  email: string | null;
  planned_at: Date | null;
  delivered_at: Date | null;
}

export interface DetailedDeliveryListPage {
  rows: DetailedDeliveryListRow[];
  next: string | null;
}

/** What the list's statements return (delivery-list.sql.ts). */
export type PositionedRow = DeliveryListRow & {
  list_part: 'deliveries' | 'holdout';
  position: string;
  planned_at: Date | null;
  delivered_at: Date | null;
  contact_type: string;
  civility: string | null;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  email: string | null;
};

/** A row with the API's columns only (`DELIVERY_LIST_COLUMNS`), in their order. */
export function listRow(row: DeliveryListRow): DeliveryListRow {
  const { delivery_id, step, channel, external_id, state, response_code, holdout, reason, sent_at } = row;
  return { delivery_id, step, channel, external_id, state, response_code, holdout, reason, sent_at };
}

export function detailedRow(row: PositionedRow): DetailedDeliveryListRow {
  const { contact_type, civility, first_name, last_name, company_name, email } = row;
  const name = displayName({ type: contact_type, civility, first_name, last_name, company_name });
  return {
    ...listRow(row),
    contact_name: name ?? null,
    email,
    planned_at: row.planned_at,
    delivered_at: row.delivered_at,
  };
}
