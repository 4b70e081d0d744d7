import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ReviewStatus = 'open' | 'accepted' | 'rejected' | 'superseded';

/** A pair scored in the review band, waiting for (or carrying) a steward's decision. */
@Entity('review_item')
export class ReviewItemEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text', { name: 'feed_a' }) feedA!: string;
  @Column('text', { name: 'source_id_a' }) sourceIdA!: string;
  @Column('bigint', { name: 'source_record_id_a' }) sourceRecordIdA!: string;
  @Column('text', { name: 'feed_b' }) feedB!: string;
  @Column('text', { name: 'source_id_b' }) sourceIdB!: string;
  @Column('bigint', { name: 'source_record_id_b' }) sourceRecordIdB!: string;
  @Column('double precision', { name: 'match_probability' }) matchProbability!: number;
  @Column('double precision', { name: 'match_weight' }) matchWeight!: number;
  @Column('jsonb') explanation!: unknown;
  @Column('text', { name: 'rule_set_version' }) ruleSetVersion!: string;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
  @Column('text') status!: ReviewStatus;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
  @Column('text', { nullable: true }) reason!: string | null;
}
