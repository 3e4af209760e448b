import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segmentation: the scores and stages recomputed by the scoring job (one row per contact, kept
 * off `contacts` so imports stay fast), the feedback counters later features fill (complaints,
 * NPS), saved segments, frozen snapshots of an audience, and the log of scoring runs.
 */
export class CreateSegments1764200000000 implements MigrationInterface {
  name = 'CreateSegments1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE contact_scores (
        contact_id bigint PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
        orders integer NOT NULL DEFAULT 0,
        first_order_at timestamptz,
        last_order_at timestamptz,
        median_interval_days double precision,
        currency text,
        window_orders integer NOT NULL DEFAULT 0,
        window_revenue numeric(16, 2) NOT NULL DEFAULT 0,
        recency_score smallint CHECK (recency_score BETWEEN 1 AND 5),
        frequency_score smallint CHECK (frequency_score BETWEEN 1 AND 5),
        monetary_score smallint CHECK (monetary_score BETWEEN 1 AND 5),
        rfm_score text,
        value_tier text CHECK (value_tier IN ('top', 'core', 'tail')),
        lifecycle text NOT NULL CHECK (lifecycle IN ('acquisition', 'development', 'retention', 'decline')),
        silent boolean NOT NULL DEFAULT false
      )`);
    // Stage first: most segments name one; the monetary score next narrows "valuable clients in stage X"
    // (a fifth off the typical count on a million contacts, no measurable cost to the scoring job).
    await db.query(`CREATE INDEX contact_scores_lifecycle_idx ON contact_scores (lifecycle, monetary_score)`);

    // Filled by the complaints and survey features; read by segments (complaints.open, nps.*, unhappy).
    await db.query(`
      CREATE TABLE contact_feedback (
        contact_id bigint PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
        open_complaints integer NOT NULL DEFAULT 0 CHECK (open_complaints >= 0),
        nps_score smallint CHECK (nps_score BETWEEN 0 AND 10),
        nps_category text GENERATED ALWAYS AS (
          CASE WHEN nps_score >= 9 THEN 'promoter' WHEN nps_score >= 7 THEN 'passive' WHEN nps_score >= 0 THEN 'detractor' END
        ) STORED,
        nps_answered_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        rules jsonb NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX segments_name_key ON segments (lower(name))`);

    await db.query(`
      CREATE TABLE segment_snapshots (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
        label text,
        rules jsonb NOT NULL,
        member_count integer NOT NULL DEFAULT 0,
        evaluated_at timestamptz NOT NULL,
        scored_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX segment_snapshots_segment_idx ON segment_snapshots (segment_id) WHERE segment_id IS NOT NULL`);
    // No foreign key on contact_id: its row-by-row check doubled the time to freeze a 100,000-contact
    // audience. Members are only ever written by INSERT … SELECT from contacts in the same transaction,
    // and contacts are never deleted (erasure leaves a tombstone), so no member can point nowhere.
    await db.query(`
      CREATE TABLE segment_snapshot_members (
        snapshot_id uuid NOT NULL REFERENCES segment_snapshots (id) ON DELETE CASCADE,
        contact_id bigint NOT NULL,
        PRIMARY KEY (snapshot_id, contact_id)
      )`);
    await db.query(`CREATE INDEX segment_snapshot_members_contact_idx ON segment_snapshot_members (contact_id)`);

    await db.query(`
      CREATE TABLE segment_scoring_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        as_of timestamptz NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        settings jsonb NOT NULL,
        summary jsonb NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE segment_scoring_runs`);
    await db.query(`DROP TABLE segment_snapshot_members`);
    await db.query(`DROP TABLE segment_snapshots`);
    await db.query(`DROP TABLE segments`);
    await db.query(`DROP TABLE contact_feedback`);
    await db.query(`DROP TABLE contact_scores`);
  }
}
