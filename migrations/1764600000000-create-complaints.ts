import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints (réclamations): one row per complaint with its human-readable reference, due date
 * and state; the thread of messages and attachment references; the log of every transition with
 * its author; the compensations granted. Acknowledgements, answers and follow-up calls are
 * deliveries (service messages) referenced from the complaint.
 */
export class CreateComplaints1764600000000 implements MigrationInterface {
  name = 'CreateComplaints1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE complaint_reference_seq`);
    await db.query(`
      CREATE TABLE complaints (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        reference text NOT NULL,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'phone', 'letter', 'web', 'coupon', 'survey')),
        received_at timestamptz NOT NULL,
        subject text NOT NULL,
        description text NOT NULL DEFAULT '',
        urgent boolean NOT NULL DEFAULT false,
        important boolean NOT NULL DEFAULT false,
        requested_delay_days integer CHECK (requested_delay_days BETWEEN 0 AND 365),
        due_at timestamptz NOT NULL,
        due_rule text NOT NULL,
        calendar_country text NOT NULL,
        status text NOT NULL DEFAULT 'received'
          CHECK (status IN ('received', 'acknowledged', 'qualified', 'in_resolution', 'answered', 'closed')),
        cause text,
        category text,
        product text,
        origin text,
        sector text,
        region text,
        type text CHECK (type IN ('good_faith', 'bad_faith', 'seller_fault')),
        owner text,
        owner_email text,
        forwarded_to text,
        copy_to text,
        closing_condition text CHECK (closing_condition IN ('client_satisfied', 'gesture_accepted', 'unfounded')),
        closing_explanation text,
        registered_letter boolean NOT NULL DEFAULT false,
        idempotency_key text,
        source_response_id bigint REFERENCES responses (id) ON DELETE SET NULL,
        acknowledgement_delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        answer_delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        follow_up_delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        acknowledged_at timestamptz,
        qualified_at timestamptz,
        assigned_at timestamptz,
        answered_at timestamptz,
        closed_at timestamptz,
        breached_at timestamptz,
        escalated_at timestamptz,
        escalation_notified_at timestamptz,
        escalation_attempts integer NOT NULL DEFAULT 0,
        escalation_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT complaints_reference_key UNIQUE (reference),
        CONSTRAINT complaints_idempotency_key_key UNIQUE (idempotency_key),
        CONSTRAINT complaints_closing_explained CHECK (closing_condition IS DISTINCT FROM 'unfounded' OR closing_explanation IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX complaints_contact_idx ON complaints (contact_id, received_at)`);
    await db.query(`CREATE INDEX complaints_received_idx ON complaints (received_at)`);
    await db.query(`CREATE INDEX complaints_open_due_idx ON complaints (due_at) WHERE status NOT IN ('answered', 'closed')`);

    await db.query(`
      CREATE TABLE complaint_messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'note')),
        channel text,
        author text,
        body text NOT NULL DEFAULT '',
        attachments jsonb NOT NULL DEFAULT '[]'::jsonb,
        delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        message_id text,
        CONSTRAINT complaint_messages_message_id_key UNIQUE (complaint_id, message_id)
      )`);
    await db.query(`CREATE INDEX complaint_messages_complaint_idx ON complaint_messages (complaint_id, at)`);

    await db.query(`
      CREATE TABLE complaint_transitions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await db.query(`CREATE INDEX complaint_transitions_complaint_idx ON complaint_transitions (complaint_id, at)`);

    await db.query(`
      CREATE TABLE complaint_compensations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        complaint_id bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('refund', 'credit_note', 'voucher', 'free_service', 'discount')),
        amount numeric(14, 2) NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        note text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL,
        -- The transition that granted it: a retried answer or close does not grant twice.
        granted_on text NOT NULL CHECK (granted_on IN ('answer', 'close')),
        CONSTRAINT complaint_compensations_once UNIQUE (complaint_id, granted_on)
      )`);
    await db.query(`CREATE INDEX complaint_compensations_recorded_idx ON complaint_compensations (recorded_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE complaint_compensations`);
    await db.query(`DROP TABLE complaint_transitions`);
    await db.query(`DROP TABLE complaint_messages`);
    await db.query(`DROP TABLE complaints`);
    await db.query(`DROP SEQUENCE complaint_reference_seq`);
  }
}
