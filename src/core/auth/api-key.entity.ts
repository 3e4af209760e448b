import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ROLES = ['manager', 'marketer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('api_keys')
export class ApiKey {
  /** Public part of the key, also its lookup id. */
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ type: 'text' }) role!: Role;
  /** SHA-256 of the secret part; the secret itself is never stored. */
  @Column({ type: 'bytea' }) secretHash!: Buffer;
  @Column({ type: 'text', nullable: true }) label!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
