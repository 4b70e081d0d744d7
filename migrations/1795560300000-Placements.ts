import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Placements and payments materialised from the current `csc-placements` and `finance-payments`
 * source records, the payment-to-placement link (method + confidence on the payment row), finance's
 * manual link decisions (append-only; the latest per payment wins and every later run obeys it)
 * and one row per linking run with its reconciliation figures.
 */
export class Placements1795560300000 implements MigrationInterface {
  name = 'Placements1795560300000';

  async up(q: QueryRunner): Promise<void> {
    // Feeds carry raw strings; a value that does not parse is unknown (null), never an error that
    // stops a refresh of thousands of rows.
    await q.query(`
      create function placements_parse_date(value text) returns date
      language plpgsql immutable parallel safe as $$
      begin
        if value is null or btrim(value) = '' then return null; end if;
        if btrim(value) ~ '^\\d{4}-\\d{2}-\\d{2}$' then return btrim(value)::date; end if;
        if btrim(value) ~ '^\\d{2}/\\d{2}/\\d{4}$' then return to_date(btrim(value), 'DD/MM/YYYY'); end if;
        return null;
      exception when others then
        return null;
      end $$`);
    await q.query(`
      create function placements_parse_money(value text) returns numeric
      language plpgsql immutable parallel safe as $$
      declare cleaned text;
      begin
        if value is null then return null; end if;
        cleaned := regexp_replace(btrim(value), '[£,\\s]', '', 'g');
        -- accountants' negatives: (123.45)
        if cleaned ~ '^\\(.*\\)$' then cleaned := '-' || substr(cleaned, 2, length(cleaned) - 2); end if;
        if cleaned ~ '^[-+]?\\d+(\\.\\d+)?$' then return cleaned::numeric; end if;
        return null;
      end $$`);
    // "Acme Care Ltd" in finance and "ACME CARE LIMITED" in social care are one provider.
    await q.query(`
      create function placements_provider_name_key(value text) returns text
      language sql immutable parallel safe as $$
        select nullif(regexp_replace(
          regexp_replace(lower(coalesce(value, '')), '\\m(the|ltd|limited|plc|llp|cic|co|company|uk)\\M', '', 'g'),
          '[^a-z0-9]', '', 'g'), '')
      $$`);
    await q.query(`
      create table placement (
        placement_id            text primary key,
        source_record_id        bigint not null references source_record(id),
        la_child_id             text,
        -- the child's current csc-children record, through which the placement reaches a person
        child_source_record_id  bigint references source_record(id),
        start_date              date,
        end_date                date,
        placement_type          text,
        placement_group         text not null,
        provider_id             text,
        provider_name           text,
        -- lower-cased provider id, and provider name squeezed to letters and digits: "same provider"
        provider_key            text,
        provider_name_key       text,
        placement_postcode      text,
        reason_for_change       text,
        refreshed_at            timestamptz not null default now()
      )`);
    await q.query(`create index placement_child on placement (la_child_id)`);
    await q.query(`create index placement_child_record on placement (child_source_record_id)`);
    await q.query(`create index placement_provider on placement (provider_key)`);
    await q.query(`create index placement_provider_name on placement (provider_name_key)`);
    await q.query(`
      create table payment (
        payment_id          text primary key,
        source_record_id    bigint not null references source_record(id),
        provider_id         text,
        provider_name       text,
        provider_key        text,
        provider_name_key   text,
        placement_ref       text,
        client_ref          text,
        client_name         text,
        period_start        date,
        period_end          date,
        amount_gbp          numeric(14, 2),
        weekly_rate_gbp     numeric(12, 2),
        cost_code           text,
        paid_on             date,
        -- the link: null placement_id = unmatched (in finance's queue unless a manual decision
        -- says it pays no placement)
        placement_id        text,
        link_method         text check (link_method in ('placement_ref', 'client_ref', 'probabilistic', 'manual')),
        link_confidence     numeric(6, 5) check (link_confidence between 0 and 1),
        link_run_id         bigint,
        refreshed_at        timestamptz not null default now(),
        constraint payment_link_complete check ((placement_id is null) = (link_method is null) or link_method = 'manual')
      )`);
    await q.query(`create index payment_placement on payment (placement_id)`);
    await q.query(`create index payment_client on payment (client_ref)`);
    await q.query(`create index payment_unmatched on payment (payment_id) where placement_id is null`);
    await q.query(`
      create table payment_link_override (
        id              bigserial primary key,
        payment_id      text not null,
        -- null: finance decided the payment pays no placement (it leaves the queue)
        placement_id    text,
        decided_by      text not null,
        reason          text not null check (length(btrim(reason)) > 0),
        decided_at      timestamptz not null default now()
      )`);
    await q.query(`create index payment_link_override_payment on payment_link_override (payment_id, id desc)`);
    await q.query(`
      create table payment_link_run (
        id                  bigserial primary key,
        started_at          timestamptz not null default now(),
        finished_at         timestamptz,
        payments            integer not null default 0,
        by_placement_ref    integer not null default 0,
        by_client_ref       integer not null default 0,
        by_probabilistic    integer not null default 0,
        by_manual           integer not null default 0,
        -- unmatched includes those finance dismissed as paying no placement (a subset, shown apart)
        unmatched           integer not null default 0,
        dismissed           integer not null default 0,
        amount_loaded       numeric(16, 2) not null default 0,
        amount_linked       numeric(16, 2) not null default 0,
        amount_unmatched    numeric(16, 2) not null default 0,
        constraint payment_link_run_reconciles check (
          finished_at is null or (payments = by_placement_ref + by_client_ref + by_probabilistic + by_manual + unmatched
            and amount_loaded = amount_linked + amount_unmatched))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table payment_link_run`);
    await q.query(`drop table payment_link_override`);
    await q.query(`drop table payment`);
    await q.query(`drop table placement`);
    await q.query(`drop function placements_provider_name_key(text)`);
    await q.query(`drop function placements_parse_money(text)`);
    await q.query(`drop function placements_parse_date(text)`);
  }
}
