import type { DataSource } from 'typeorm';

/**
 * Hand-built client bases for segment tests, written straight to the tables (the import path
 * has its own tests). Dates are exact instants; `daysAgo(now, d)` places an order d × 24 h before now.
 */
export interface ContactSeed {
  external_id: string;
  type?: 'person' | 'company';
  [column: string]: unknown;
  attributes?: Record<string, unknown>;
  erased?: boolean;
}

export interface PurchaseSeed {
  at: Date;
  amount: number;
  currency?: string;
}

const COLUMNS = [
  'external_id',
  'type',
  'civility',
  'first_name',
  'last_name',
  'company_name',
  'job_title',
  'email',
  'phone',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'region',
  'country',
  'birth_date',
  'locale',
  'timezone',
  'loyalty_card_expires_on',
  'contract_renews_on',
];

export function daysAgo(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export async function resetBase(db: DataSource): Promise<void> {
  await db.query(`TRUNCATE contacts, segment_scoring_runs, segments, segment_snapshots RESTART IDENTITY CASCADE`);
}

/** Inserts contacts; answers external_id → internal id. */
export async function insertContacts(db: DataSource, seeds: ContactSeed[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const seed of seeds) {
    const values = COLUMNS.map((column) => (column === 'type' ? (seed.type ?? 'person') : (seed[column] ?? null)));
    const [{ id }] = await db.query(
      `INSERT INTO contacts (${COLUMNS.join(', ')}, attributes, erased_at) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${COLUMNS.length + 1}::jsonb, $${COLUMNS.length + 2}) RETURNING id::text AS id`,
      [...values, JSON.stringify(seed.attributes ?? {}), seed.erased ? new Date().toISOString() : null],
    );
    ids.set(seed.external_id, id);
  }
  return ids;
}

let orderNumber = 0;

export async function insertPurchases(db: DataSource, contactId: string, purchases: PurchaseSeed[]): Promise<void> {
  if (!purchases.length) return;
  await db.query(
    `INSERT INTO purchases (contact_id, order_id, ordered_at, amount, currency)
     SELECT $1, u.order_id, u.ordered_at, u.amount, u.currency FROM unnest($2::text[], $3::timestamptz[], $4::numeric[], $5::text[]) AS u(order_id, ordered_at, amount, currency)`,
    [
      contactId,
      purchases.map(() => `T-${process.pid}-${++orderNumber}`),
      purchases.map((p) => p.at.toISOString()),
      purchases.map((p) => p.amount),
      purchases.map((p) => p.currency ?? 'EUR'),
    ],
  );
}

/** The current consent state of a contact on a channel (the ledger's projection). */
export async function setConsent(
  db: DataSource,
  contactId: string,
  channel: string,
  status: 'granted' | 'withdrawn',
  method: string,
  legalBasis = status === 'granted' ? 'consent' : 'objection',
): Promise<void> {
  await db.query(
    `INSERT INTO consent_states (contact_id, channel, status, legal_basis, method, collected_at, event_id) VALUES ($1, $2, $3, $4, $5, now(), 0)
     ON CONFLICT (contact_id, channel) DO UPDATE SET status = EXCLUDED.status, legal_basis = EXCLUDED.legal_basis, method = EXCLUDED.method`,
    [contactId, channel, status, legalBasis, method],
  );
}

export async function setFeedback(
  db: DataSource,
  contactId: string,
  openComplaints: number,
  npsScore: number | null,
): Promise<void> {
  await db.query(
    `INSERT INTO contact_feedback (contact_id, open_complaints, nps_score) VALUES ($1, $2, $3)
     ON CONFLICT (contact_id) DO UPDATE SET open_complaints = EXCLUDED.open_complaints, nps_score = EXCLUDED.nps_score`,
    [contactId, openComplaints, npsScore],
  );
}
