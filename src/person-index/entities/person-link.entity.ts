import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LinkMethod = 'deterministic' | 'probabilistic' | 'manual' | 'singleton';

/** Which person an active source record (by its feed identity, across versions) belongs to, and why. */
@Entity('person_link')
export class PersonLinkEntity {
  @PrimaryColumn('text') feed!: string;
  @PrimaryColumn('text', { name: 'source_id' }) sourceId!: string;
  @Column('bigint', { name: 'source_record_id' }) sourceRecordId!: string;
  @Column('text', { name: 'person_id' }) personId!: string;
  @Column('text', { name: 'rule_set_version' }) ruleSetVersion!: string;
  @Column('double precision', { name: 'match_probability', nullable: true }) matchProbability!: number | null;
  @Column('double precision', { name: 'match_weight', nullable: true }) matchWeight!: number | null;
  @Column('text') method!: LinkMethod;
  @Column('bigint', { name: 'run_id', nullable: true }) runId!: string | null;
  @Column('timestamptz', { name: 'linked_at' }) linkedAt!: Date;
}
