import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Contact } from './contact.entity';

@Entity('purchases')
export class Purchase {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'bigint' }) contactId!: string;

  @ManyToOne('Contact', 'purchases', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @Column({ type: 'text' }) orderId!: string;
  @Column({ type: 'timestamptz' }) orderedAt!: Date;
  /** numeric(14,2), returned as a string to keep exact cents. */
  @Column({ type: 'numeric', precision: 14, scale: 2 }) amount!: string;
  @Column({ type: 'text' }) currency!: string;
  @Column({ type: 'text', nullable: true }) responseCode!: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}
