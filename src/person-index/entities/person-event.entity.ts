import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type PersonEventType = 'created' | 'record_added' | 'record_removed' | 'merged' | 'split' | 'golden_changed';

/** Outbox: one change to a person, written in the same transaction as the change. */
@Entity('person_event')
export class PersonEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text', { name: 'person_id' }) personId!: string;
  @Column('text') type!: PersonEventType;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
