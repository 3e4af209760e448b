import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The links of each e-mail template version that the click redirect may lead to. A tracked
 * link carries a token naming the delivery and a position in this list: the redirect goes to
 * that stored href and nowhere else (no open redirect). Append-only per version.
 */
export class CreateTemplateLinks1764573000000 implements MigrationInterface {
  name = 'CreateTemplateLinks1764573000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE template_links (
        template_version_id uuid NOT NULL REFERENCES template_versions (id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 0),
        href text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (template_version_id, position),
        CONSTRAINT template_links_version_href_key UNIQUE (template_version_id, href)
      )`);
    // The daily series reads responses by campaign and day.
    await db.query(`CREATE INDEX responses_campaign_received_idx ON responses (campaign_id, received_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX responses_campaign_received_idx`);
    await db.query(`DROP TABLE template_links`);
  }
}
