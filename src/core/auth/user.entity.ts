import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './api-key.entity';

/** A person who signs in to the console. The e-mail is stored in lower case; the password only as a scrypt hash. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text', nullable: true }) name!: string | null;
  @Column({ type: 'text' }) role!: Role;
  @Column({ type: 'text', select: false }) passwordHash!: string;
  @Column({ type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastSignInAt!: Date | null;
}
