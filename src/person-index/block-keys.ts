import type { PoolClient } from 'pg';
import { rowsOf, type Db } from './pg-bulk';

/**
 * person_block_key holds the incremental matcher's blocking keys (birth date, surname, forename
 * and their double metaphone codes, postcode, former surnames) of every linked record's current
 * version (migration 1795560650000). Triggers on person_link keep it in step with the links; the
 * two functions here are the parts a trigger cannot do well.
 */

/**
 * After a feed load has superseded records (given as the ids of the versions it superseded) and
 * written their new versions, the linked ones' keys are taken from the new versions, in the load's
 * transaction. Records that are not linked have no keys and cost one primary-key probe each.
 */
export async function refreshBlockKeys(client: Db, supersededIds: readonly string[]): Promise<void> {
  if (supersededIds.length === 0) return;
  // Asked of person_link first: during a first link run the key table is locked (its indexes are
  // being rebuilt) and a statement naming it would wait for that run, while no record the load can
  // see is linked yet.
  const linked = await rowsOf<{ linked: boolean }>(
    client,
    `select exists (select 1 from source_record old join person_link pl on pl.feed = old.feed and pl.source_id = old.source_id
                     where old.id = any($1::bigint[])) linked`,
    [supersededIds],
  );
  if (!linked[0]?.linked) return;
  await rowsOf(
    client,
    `update person_block_key k set dob = s.dob, surname = s.surname, forename = s.forename,
            postcode = s.postcode, alt_surnames = s.alt_surnames
       from source_record old
       join source_record s on s.feed = old.feed and s.source_id = old.source_id and s.is_current
      where old.id = any($1::bigint[]) and k.feed = old.feed and k.source_id = old.source_id
        and (k.dob, k.surname, k.forename, k.postcode, k.alt_surnames)
            is distinct from (s.dob, s.surname, s.forename, s.postcode, s.alt_surnames)`,
    [supersededIds],
  );
}

/**
 * Runs a bulk write of person_link (a first link run: every record at once) with
 * person_block_key's secondary indexes dropped and built again afterwards, in the caller's
 * transaction: building an index over a million keys takes a fraction of maintaining it key by
 * key. The definitions are read back from the catalogue, so they are whatever the migrations
 * made. Only for an empty key table: the drop holds an exclusive lock on it until commit, so a
 * steward's search by birth date waits for the first run to finish (a feed load does not:
 * refreshBlockKeys asks person_link first, and nothing the load can see is linked yet).
 */
export async function withBlockKeyIndexesRebuilt<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `select c.relname name, pg_get_indexdef(i.indexrelid) definition
       from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = 'person_block_key'::regclass and not i.indisunique`,
  );
  for (const index of indexes.rows) await client.query(`drop index ${client.escapeIdentifier(index.name)}`);
  const result = await work();
  for (const index of indexes.rows) await client.query(index.definition);
  return result;
}
