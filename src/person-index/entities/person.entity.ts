import { Column, Entity, PrimaryColumn } from 'typeorm';

export type PersonStatus = 'active' | 'merged' | 'retired';

/** One child in the golden index. The id is stable; a merged person redirects to the survivor. */
@Entity('person')
export class PersonEntity {
  @PrimaryColumn('text') id!: string;
  /** Sortable part of the id: a smaller number is an older person (ties in stable-id choice go to it). */
  @Column('bigint') number!: string;
  @Column('text') status!: PersonStatus;
  @Column('text', { name: 'redirect_to', nullable: true }) redirectTo!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
