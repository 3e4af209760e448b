import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in to the web console (API keys stay for machines): users, their sessions
 * (the cookie holds a random token, the row its SHA-256), the failed sign-ins the throttle counts,
 * and who did what: `actor` on campaign events and template versions (`user:<id>`,
 * `api_key:<id>`, `cli`; none for relance itself).
 */
export class CreateConsoleUsers1765100000000 implements MigrationInterface {
  name = 'CreateConsoleUsers1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text,
        role text NOT NULL CHECK (role IN ('admin', 'marketer', 'manager')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz,
        CONSTRAINT users_email_key UNIQUE (email)
      )`);
    await db.query(`
      CREATE TABLE console_sessions (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        csrf_secret text NOT NULL,
        ip text,
        user_agent text
      )`);
    await db.query(`CREATE INDEX console_sessions_user_idx ON console_sessions (user_id)`);
    await db.query(`
      CREATE TABLE sign_in_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account text NOT NULL,
        address text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sign_in_failures_account_idx ON sign_in_failures (account, at)`);
    await db.query(`CREATE INDEX sign_in_failures_address_idx ON sign_in_failures (address, at)`);
    await db.query(`ALTER TABLE campaign_events ADD COLUMN actor text`);
    await db.query(`ALTER TABLE template_versions ADD COLUMN actor text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE template_versions DROP COLUMN actor`);
    await db.query(`ALTER TABLE campaign_events DROP COLUMN actor`);
    await db.query(`DROP TABLE sign_in_failures`);
    await db.query(`DROP TABLE console_sessions`);
    await db.query(`DROP TABLE users`);
  }
}
