import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { FrontMatterMap } from './source/front-matter';
import type { LintReport } from './lint/lint-rules';

/** One immutable version of a template: what a campaign pins and renders. */
@Entity('template_versions')
export class TemplateVersion {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid' }) templateId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'text' }) source!: string;
  /** The channel's `_defaults.yml` as it was when the version was saved, so that it renders the same later. */
  @Column({ type: 'jsonb' }) defaults!: FrontMatterMap;
  @Column({ type: 'text' }) checksum!: string;
  /** The lint report at save time. */
  @Column({ type: 'jsonb' }) lint!: LintReport;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  /** Who saved it (see actor-context); none for a library file pinned by relance. */
  @Column({ type: 'text', nullable: true }) actor!: string | null;
}
