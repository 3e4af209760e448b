import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored templates and their immutable versions. A campaign pins a version (template_versions.id):
 * editing a template adds a version and never changes what a launched campaign sends. Library
 * files are stored here too, the first time a campaign pins them (library_path set).
 */
export class CreateTemplates1764300000000 implements MigrationInterface {
  name = 'CreateTemplates1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'letter', 'sms', 'phone')),
        library_path text,
        current_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT templates_library_path_key UNIQUE (library_path)
      )`);
    await db.query(`
      CREATE TABLE template_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template_id uuid NOT NULL REFERENCES templates (id) ON DELETE RESTRICT,
        version integer NOT NULL CHECK (version > 0),
        source text NOT NULL,
        defaults jsonb NOT NULL DEFAULT '{}'::jsonb,
        checksum text NOT NULL,
        lint jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT template_versions_template_id_version_key UNIQUE (template_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE template_versions`);
    await db.query(`DROP TABLE templates`);
  }
}
