import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns (and the evergreen campaigns behind automations and service messages), their steps,
 * the frozen audience with its holdout and exclusions, and the delivery ledger: one row per
 * (step, contact) under a unique constraint, with a state machine driven by compare-and-set.
 */
export class CreateCampaignsAndDeliveries1764400000000 implements MigrationInterface {
  name = 'CreateCampaignsAndDeliveries1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL DEFAULT 'campaign' CHECK (kind IN ('campaign', 'automation', 'service')),
        name text NOT NULL,
        objective text NOT NULL CHECK (objective IN ('sale', 'awareness', 'launch', 'loyalty', 'reactivation', 'survey', 'information')),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
        definition jsonb NOT NULL,
        holdout_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (holdout_percent >= 0 AND holdout_percent < 100),
        margin_rate numeric(6, 4),
        attribution_days int NOT NULL DEFAULT 30,
        currency text NOT NULL,
        audience jsonb,
        status_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        launched_at timestamptz,
        completed_at timestamptz
      )`);
    await db.query(`CREATE INDEX campaigns_status_idx ON campaigns (status) WHERE status IN ('scheduled', 'running')`);

    await db.query(`
      CREATE TABLE campaign_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        position int NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'phone')),
        template text NOT NULL,
        template_version_id text,
        send_at timestamptz,
        delay_days int,
        only_non_responders boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'planned', 'dispatching', 'dispatched', 'cancelled')),
        due_at timestamptz,
        planned_at timestamptz,
        dispatched_at timestamptz,
        UNIQUE (campaign_id, position)
      )`);

    await db.query(`
      CREATE TABLE campaign_audience (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        audience_group text NOT NULL CHECK (audience_group IN ('treatment', 'holdout', 'excluded')),
        exclusion_reason text,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, contact_id)
      )`);
    await db.query(`CREATE INDEX campaign_audience_contact_idx ON campaign_audience (contact_id)`);

    await db.query(`
      CREATE TABLE deliveries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        step_id uuid NOT NULL REFERENCES campaign_steps (id) ON DELETE CASCADE,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        channel text NOT NULL,
        purpose text NOT NULL DEFAULT 'marketing' CHECK (purpose IN ('marketing', 'service')),
        state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'claimed', 'sending', 'sent', 'delivered', 'bounced', 'failed', 'unknown', 'suppressed', 'expired')),
        response_code text NOT NULL,
        message_id text,
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        claimed_by text,
        claimed_until timestamptz,
        reason text,
        last_error text,
        provider_id text,
        cost numeric(12, 4),
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        delivered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deliveries_step_contact_key UNIQUE (step_id, contact_id),
        CONSTRAINT deliveries_response_code_key UNIQUE (response_code)
      )`);
    // The claim query: planned rows of a step, due now, in id order.
    await db.query(`CREATE INDEX deliveries_claim_idx ON deliveries (step_id, id) WHERE state = 'planned'`);
    await db.query(`CREATE INDEX deliveries_leases_idx ON deliveries (claimed_until) WHERE state IN ('claimed', 'sending')`);
    await db.query(`CREATE INDEX deliveries_campaign_state_idx ON deliveries (campaign_id, state)`);
    await db.query(`CREATE INDEX deliveries_contact_sent_idx ON deliveries (contact_id, sent_at) WHERE sent_at IS NOT NULL`);
    await db.query(`CREATE INDEX deliveries_message_id_idx ON deliveries (message_id) WHERE message_id IS NOT NULL`);
    await db.query(`CREATE INDEX deliveries_provider_id_idx ON deliveries (provider_id) WHERE provider_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE campaign_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        message text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await db.query(`CREATE INDEX campaign_events_campaign_idx ON campaign_events (campaign_id, at)`);

    // Every response, tied to one delivery when it can be: opens, clicks, replies, coupons, calls,
    // surveys, unsubscribes, complaints. Idempotent on dedupe_key (the same coupon twice counts once).
    await db.query(`
      CREATE TABLE responses (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        delivery_id bigint REFERENCES deliveries (id) ON DELETE SET NULL,
        campaign_id uuid REFERENCES campaigns (id) ON DELETE CASCADE,
        contact_id bigint REFERENCES contacts (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('open', 'click', 'reply', 'coupon', 'call', 'survey', 'unsubscribe', 'complaint')),
        value text,
        positive boolean,
        automated boolean NOT NULL DEFAULT false,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        source text,
        received_at timestamptz NOT NULL DEFAULT now(),
        dedupe_key text,
        CONSTRAINT responses_dedupe_key_key UNIQUE (dedupe_key)
      )`);
    await db.query(`CREATE INDEX responses_campaign_idx ON responses (campaign_id, kind, contact_id)`);
    await db.query(`CREATE INDEX responses_delivery_idx ON responses (delivery_id)`);
    await db.query(`CREATE INDEX responses_contact_idx ON responses (contact_id, received_at)`);

    await db.query(`
      CREATE TABLE print_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        step_id uuid NOT NULL REFERENCES campaign_steps (id) ON DELETE CASCADE,
        letters int NOT NULL,
        pages int NOT NULL,
        pdf_path text NOT NULL,
        manifest_path text NOT NULL,
        postage_cost numeric(12, 2),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE print_batches`);
    await db.query(`DROP TABLE responses`);
    await db.query(`DROP TABLE campaign_events`);
    await db.query(`DROP TABLE deliveries`);
    await db.query(`DROP TABLE campaign_audience`);
    await db.query(`DROP TABLE campaign_steps`);
    await db.query(`DROP TABLE campaigns`);
  }
}
