import type { MigrationInterface, QueryRunner } from 'typeorm';

// "Acme Care Ltd" in finance and "ACME CARE LIMITED" in social care are one provider.
const PROVIDER_NAME_KEY = `
  create or replace function placements_provider_name_key(value text) returns text
  language sql immutable parallel safe as $$
    select nullif(regexp_replace(
      regexp_replace(lower(coalesce(value, '')), '\\m(the|ltd|limited|plc|llp|cic|co|company|uk)\\M', '', 'g'),
      '[^a-z0-9]', '', 'g'), '')
  $$`;

/**
 * Two parsing fixes. placements_parse_date without an exception handler: in PL/pgSQL every EXCEPTION block opens a
 * subtransaction, which made refreshing a hundred thousand payments slow. Validity is now checked
 * by hand (month range, day within the month, leap years included) and bad input still gives null.
 * placements_provider_name_key's word boundaries (\m, \M) had lost their backslashes, so "Ltd" and
 * "Limited" were not dropped; stored keys are recomputed.
 */
export class PlacementsParsing1795560300001 implements MigrationInterface {
  name = 'PlacementsParsing1795560300001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create or replace function placements_parse_date(value text) returns date
      language plpgsql immutable parallel safe as $$
      declare
        v text := btrim(value);
        y int; m int; d int;
      begin
        if v is null or v = '' then return null; end if;
        if v ~ '^\\d{4}-\\d{2}-\\d{2}$' then
          y := substr(v, 1, 4)::int; m := substr(v, 6, 2)::int; d := substr(v, 9, 2)::int;
        elsif v ~ '^\\d{2}/\\d{2}/\\d{4}$' then
          y := substr(v, 7, 4)::int; m := substr(v, 4, 2)::int; d := substr(v, 1, 2)::int;
        else
          return null;
        end if;
        if y < 1 or m < 1 or m > 12 or d < 1 then return null; end if;
        if d > extract(day from (make_date(y, m, 1) + interval '1 month' - interval '1 day'))::int then return null; end if;
        return make_date(y, m, d);
      end $$`);
    await q.query(PROVIDER_NAME_KEY);
    await q.query(`update placement set provider_name_key = placements_provider_name_key(provider_name)`);
    await q.query(`update payment set provider_name_key = placements_provider_name_key(provider_name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create or replace function placements_parse_date(value text) returns date
      language plpgsql immutable parallel safe as $$
      begin
        if value is null or btrim(value) = '' then return null; end if;
        if btrim(value) ~ '^\\d{4}-\\d{2}-\\d{2}$' then return btrim(value)::date; end if;
        if btrim(value) ~ '^\\d{2}/\\d{2}/\\d{4}$' then return to_date(btrim(value), 'DD/MM/YYYY'); end if;
        return null;
      exception when others then
        return null;
      end $$`);
  }
}
