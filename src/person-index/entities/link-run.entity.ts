import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type LinkRunMode = 'full' | 'batch' | 'incremental';

/** One `link` run: what it linked with (rule-set and data version), what it did and how long it took. */
@Entity('link_run')
export class LinkRunEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') mode!: LinkRunMode;
  @Column('text', { name: 'rule_set_version' }) ruleSetVersion!: string;
  @Column('text', { name: 'data_version', nullable: true }) dataVersion!: string | null;
  @Column('text') status!: 'running' | 'completed' | 'failed';
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  @Column('timestamptz', { name: 'finished_at', nullable: true }) finishedAt!: Date | null;
  @Column('integer') records!: number;
  @Column('integer') persons!: number;
  @Column('jsonb') counts!: Record<string, number>;
  @Column('jsonb', { name: 'timings_ms' }) timingsMs!: Record<string, number>;
}
