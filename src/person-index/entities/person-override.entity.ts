import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OverrideKind = 'must_link' | 'must_not_link';
export type OverrideDecision = 'link' | 'unlink' | 'merge' | 'split' | 'review_accept' | 'review_reject';

/** A steward's decision about two source records, obeyed by every later link run until withdrawn. */
@Entity('person_override')
export class PersonOverrideEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') kind!: OverrideKind;
  @Column('text', { name: 'feed_a' }) feedA!: string;
  @Column('text', { name: 'source_id_a' }) sourceIdA!: string;
  @Column('text', { name: 'feed_b' }) feedB!: string;
  @Column('text', { name: 'source_id_b' }) sourceIdB!: string;
  @Column('text') decision!: OverrideDecision;
  @Column('text', { name: 'decided_by' }) decidedBy!: string;
  @Column('timestamptz', { name: 'decided_at' }) decidedAt!: Date;
  @Column('text') reason!: string;
  @Column('boolean') active!: boolean;
  @Column('text', { name: 'withdrawn_by', nullable: true }) withdrawnBy!: string | null;
  @Column('timestamptz', { name: 'withdrawn_at', nullable: true }) withdrawnAt!: Date | null;
  @Column('text', { name: 'withdrawn_reason', nullable: true }) withdrawnReason!: string | null;
}
