import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The consent ledger (append-only events with their proof), its current-state projection,
 * the suppression list (keyed hashes that survive erasure), and the contact columns the
 * checks need: keyed hashes of the e-mail and phone, erasure and retention markers.
 */
export class CreateConsentLedger1764100000000 implements MigrationInterface {
  name = 'CreateConsentLedger1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contacts
        ADD COLUMN email_hash bytea,
        ADD COLUMN phone_hash bytea,
        ADD COLUMN erased_at timestamptz,
        ADD COLUMN last_inbound_at timestamptz,
        ADD COLUMN retention_flagged_at timestamptz`);

    await db.query(`
      CREATE TABLE consent_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'postal', 'tracking')),
        status text NOT NULL CHECK (status IN ('granted', 'withdrawn')),
        legal_basis text NOT NULL DEFAULT 'consent' CHECK (legal_basis IN ('consent', 'soft_opt_in', 'legitimate_interest', 'contract', 'objection')),
        method text NOT NULL CHECK (method IN ('checkbox', 'double_opt_in', 'paper_form', 'verbal', 'terms_acceptance', 'unsubscribe_link', 'reply_stop', 'coupon', 'preference_centre', 'complaint', 'api', 'import')),
        source text,
        wording text,
        collected_at timestamptz NOT NULL,
        ip inet,
        user_agent text,
        proof jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text,
        dedupe_key text,
        CONSTRAINT consent_events_dedupe_key_key UNIQUE (dedupe_key)
      )`);
    await db.query(`CREATE INDEX consent_events_contact_idx ON consent_events (contact_id, channel, collected_at)`);

    // The current state per contact and channel: the latest event by collection time (ties: latest recorded).
    // A projection of the ledger, maintained in the same transaction as each event; never the source of truth.
    await db.query(`
      CREATE TABLE consent_states (
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        channel text NOT NULL,
        status text NOT NULL,
        legal_basis text NOT NULL,
        method text NOT NULL,
        collected_at timestamptz NOT NULL,
        event_id bigint NOT NULL,
        PRIMARY KEY (contact_id, channel)
      )`);
    await db.query(`CREATE INDEX consent_states_channel_status_idx ON consent_states (channel, status, contact_id)`);

    await db.query(`
      CREATE TABLE suppressions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'phone')),
        value_hash bytea NOT NULL,
        reason text NOT NULL CHECK (reason IN ('unsubscribed', 'hard_bounce', 'soft_bounces', 'spam_complaint', 'erased', 'do_not_call', 'manual')),
        source text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT suppressions_channel_hash_reason_key UNIQUE (channel, value_hash, reason)
      )`);

    await db.query(`
      CREATE TABLE personal_data_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action text NOT NULL CHECK (action IN ('export', 'erase', 'retention_flag', 'retention_purge')),
        contact_ref text NOT NULL,
        performed_by text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        performed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE signups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        wording text NOT NULL,
        source text,
        ip inet,
        user_agent text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        confirmation_event_id bigint
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE signups`);
    await db.query(`DROP TABLE personal_data_log`);
    await db.query(`DROP TABLE suppressions`);
    await db.query(`DROP TABLE consent_states`);
    await db.query(`DROP TABLE consent_events`);
    await db.query(`
      ALTER TABLE contacts
        DROP COLUMN email_hash, DROP COLUMN phone_hash, DROP COLUMN erased_at,
        DROP COLUMN last_inbound_at, DROP COLUMN retention_flagged_at`);
  }
}
