import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Contacts (persons and companies, custom attributes in jsonb), their purchases, and API keys. */
export class CreateClientBase1764064800000 implements MigrationInterface {
  name = 'CreateClientBase1764064800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE contacts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        external_id text NOT NULL,
        type text NOT NULL DEFAULT 'person' CHECK (type IN ('person', 'company')),
        civility text,
        first_name text,
        last_name text,
        company_name text,
        job_title text,
        email text,
        phone text,
        address_line1 text,
        address_line2 text,
        postal_code text,
        city text,
        region text,
        country text CHECK (country ~ '^[A-Z]{2}$'),
        birth_date date,
        locale text,
        timezone text,
        loyalty_card_expires_on date,
        contract_renews_on date,
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contacts_external_id_key UNIQUE (external_id)
      )`);
    await db.query(`CREATE INDEX contacts_email_idx ON contacts (email) WHERE email IS NOT NULL`);
    await db.query(`CREATE INDEX contacts_phone_idx ON contacts (phone) WHERE phone IS NOT NULL`);

    await db.query(`
      CREATE TABLE purchases (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        order_id text NOT NULL,
        ordered_at timestamptz NOT NULL,
        amount numeric(14, 2) NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        response_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT purchases_order_id_key UNIQUE (order_id)
      )`);
    await db.query(`CREATE INDEX purchases_contact_ordered_at_idx ON purchases (contact_id, ordered_at) INCLUDE (amount)`);
    await db.query(`CREATE INDEX purchases_ordered_at_idx ON purchases (ordered_at)`);
    await db.query(`CREATE INDEX purchases_response_code_idx ON purchases (response_code) WHERE response_code IS NOT NULL`);

    await db.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('admin', 'marketer', 'manager')),
        secret_hash bytea NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_keys`);
    await db.query(`DROP TABLE purchases`);
    await db.query(`DROP TABLE contacts`);
  }
}
