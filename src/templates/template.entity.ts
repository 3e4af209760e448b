import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel } from './source/template-definition';

/** A stored template: its versions are immutable; `currentVersion` is the one edits start from. */
@Entity('templates')
export class Template {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) channel!: Channel;
  /** Set for library files pinned by a campaign (`templates/letters/winback.hbs`). */
  @Column({ type: 'text', nullable: true }) libraryPath!: string | null;
  @Column({ type: 'integer' }) currentVersion!: number;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
