import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Purchase } from './purchase.entity';

export type ContactType = 'person' | 'company';
export type CustomAttributes = Record<string, string | number | boolean | null>;

@Entity('contacts')
export class Contact {
  /** Internal key (bigint, returned as a string by the driver). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' }) externalId!: string;
  @Column({ type: 'text' }) type!: ContactType;
  @Column({ type: 'text', nullable: true }) civility!: string | null;
  @Column({ type: 'text', nullable: true }) firstName!: string | null;
  @Column({ type: 'text', nullable: true }) lastName!: string | null;
  @Column({ type: 'text', nullable: true }) companyName!: string | null;
  @Column({ type: 'text', nullable: true }) jobTitle!: string | null;
  @Column({ type: 'text', nullable: true }) email!: string | null;
  @Column({ type: 'text', nullable: true }) phone!: string | null;
  @Column({ type: 'text', nullable: true }) addressLine1!: string | null;
  @Column({ type: 'text', nullable: true }) addressLine2!: string | null;
  @Column({ type: 'text', nullable: true }) postalCode!: string | null;
  @Column({ type: 'text', nullable: true }) city!: string | null;
  @Column({ type: 'text', nullable: true }) region!: string | null;
  @Column({ type: 'text', nullable: true }) country!: string | null;
  @Column({ type: 'date', nullable: true }) birthDate!: string | null;
  @Column({ type: 'text', nullable: true }) locale!: string | null;
  @Column({ type: 'text', nullable: true }) timezone!: string | null;
  @Column({ type: 'date', nullable: true }) loyaltyCardExpiresOn!: string | null;
  @Column({ type: 'date', nullable: true }) contractRenewsOn!: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" }) attributes!: CustomAttributes;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  /** Keyed hashes of the e-mail and phone, matched against the suppression list (never exported). */
  @Column({ type: 'bytea', nullable: true, select: false }) emailHash!: Buffer | null;
  @Column({ type: 'bytea', nullable: true, select: false }) phoneHash!: Buffer | null;
  @Column({ type: 'timestamptz', nullable: true }) erasedAt!: Date | null;
  /** Last contact coming from the person (click, reply, purchase, sign-up): the retention clock. */
  @Column({ type: 'timestamptz', nullable: true }) lastInboundAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) retentionFlaggedAt!: Date | null;

  @OneToMany('Purchase', 'contact')
  purchases?: Purchase[];
}
