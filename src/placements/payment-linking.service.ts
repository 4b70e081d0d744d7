import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PlacementRefreshService, type RefreshResult } from './placement-refresh.service';
import {
  PERIOD_SLACK_DAYS,
  choosePlacement,
  type PaymentForMatching,
  type PlacementCandidate,
} from './payment-match-scorer';

/** One linking run or manual decision at a time: a decision made mid-run would be written over. */
export const PAYMENT_LINKING_LOCK = `select pg_advisory_xact_lock(hashtext('childlink:payment-linking'))`;

export const LINK_METHODS = ['placement_ref', 'client_ref', 'probabilistic', 'manual'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

/** What one linking run did; the counts and amounts reconcile (linked + unmatched = loaded). */
export interface PaymentLinkRunResult {
  runId: string;
  payments: number;
  byPlacementRef: number;
  byClientRef: number;
  byProbabilistic: number;
  byManual: number;
  unmatched: number;
  /** Of the unmatched: those finance marked as paying no placement (out of the queue). */
  dismissed: number;
  amountLoaded: string;
  amountLinked: string;
  amountUnmatched: string;
  /** Milliseconds per step of this run (absent for runs read back from the database). */
  timingsMs?: Record<string, number>;
}

export interface LinkPaymentsResult {
  refresh: RefreshResult;
  run: PaymentLinkRunResult;
}

/**
 * "Same provider": the provider ids agree; only where either side has no id, the normalised names
 * agree. Ids win because one name can cover many providers (each in-house foster carer is paid
 * under its own id but all carry the fostering service's name).
 */
const SAME_PROVIDER = `(case when p.provider_key is not null and pl.provider_key is not null
    then p.provider_key = pl.provider_key
    else coalesce(p.provider_name_key = pl.provider_name_key, false) end)`;

/** Both sides name a provider and they are not the same provider. */
const PROVIDER_CONTRADICTS = `((p.provider_key is not null and pl.provider_key is not null
    or p.provider_name_key is not null and pl.provider_name_key is not null)
  and not ${SAME_PROVIDER})`;

/** client_ref names a child who is not the placement's child, nor the same person in the index. */
const CHILD_CONTRADICTS = `(p.client_ref is not null and pl.la_child_id is not null and p.client_ref <> pl.la_child_id
  and not exists (
    select 1 from person_link a join person_link b on b.person_id = a.person_id
    where a.feed = 'csc-children' and a.source_id = p.client_ref
      and b.feed = 'csc-children' and b.source_id = pl.la_child_id))`;

/** The payment period reaches the placement's dates (with slack either side for late/early invoicing). */
const PERIOD_NEAR = `(p.period_start <= coalesce(pl.end_date + ${PERIOD_SLACK_DAYS}, 'infinity'::date)
  and p.period_end >= coalesce(pl.start_date - ${PERIOD_SLACK_DAYS}, '-infinity'::date))`;

/**
 * The payment (alias p) has no decision yet in this run. A separate table, rebuilt before each
 * method: an insert into pl_link that anti-joins pl_link itself scans its own growing output
 * (quadratic), which is what a first version did.
 */
const UNDECIDED = `exists (select 1 from pg_temp.pl_undecided u where u.payment_id = p.payment_id)`;

/** Days the payment period and the placement share (0 when they only come near). */
const OVERLAP_DAYS = `greatest(0, least(p.period_end, coalesce(pl.end_date, p.period_end))
  - greatest(p.period_start, coalesce(pl.start_date, p.period_start)) + 1)`;

/** Days between the payment period and the placement when they do not overlap. */
const GAP_DAYS = `greatest(0, coalesce(pl.start_date, p.period_start) - p.period_end,
  p.period_start - coalesce(pl.end_date, p.period_end))`;

/**
 * Links payments to placements, in order: finance's manual decisions; exact placement_ref;
 * client_ref → the child (and, through the person index, every social care record of the same
 * person) → that child's placement with the same provider whose dates the period overlaps; a
 * Fellegi–Sunter match on client name, provider and period; else the unmatched queue. Every run
 * recomputes every automatic link from scratch, so a run is idempotent and a corrected feed or a
 * new manual decision is simply obeyed next time.
 */
@Injectable()
export class PaymentLinkingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PlacementRefreshService) private readonly refresher: PlacementRefreshService,
  ) {}

  /** Refresh placements and payments from the current source records, then link. */
  async refreshAndLink(): Promise<LinkPaymentsResult> {
    return this.dataSource.transaction(async (m) => {
      await m.query(PAYMENT_LINKING_LOCK);
      const started = performance.now();
      const refresh = {
        placements: await this.refresher.refreshPlacements(m),
        payments: await this.refresher.refreshPayments(m),
      };
      // fresh statistics (this transaction's rows included) so the linking joins plan on real sizes
      await m.query(`analyze placement, payment`);
      const refreshMs = Math.round(performance.now() - started);
      const run = await this.linkWithin(m);
      return { refresh, run: { ...run, timingsMs: { refresh: refreshMs, ...run.timingsMs } } };
    });
  }

  async link(): Promise<PaymentLinkRunResult> {
    return this.dataSource.transaction(async (m) => {
      await m.query(PAYMENT_LINKING_LOCK);
      return this.linkWithin(m);
    });
  }

  /** The latest finished runs, newest first, with their reconciliation figures. */
  async recentRuns(limit: number): Promise<PaymentLinkRunResult[]> {
    const rows = await this.dataSource.query<RunRow[]>(
      `select ${RUN_COLUMNS} from payment_link_run r where r.finished_at is not null order by r.id desc limit $1`,
      [Math.min(Math.max(limit, 1), 100)],
    );
    return rows.map(toRunResult);
  }

  /**
   * Decisions collect in a temporary table, method by method (each method sees only payments no
   * earlier one decided); then one statement writes the payments whose link changed. A re-run
   * over unchanged data therefore rewrites nothing.
   */
  private async linkWithin(m: EntityManager): Promise<PaymentLinkRunResult> {
    const timingsMs: Record<string, number> = {};
    const step = async (name: string, work: () => Promise<void>): Promise<void> => {
      const started = performance.now();
      await m.query(`drop table if exists pg_temp.pl_undecided`);
      await m.query(`
        create temp table pl_undecided on commit drop as
        select payment_id from payment except select payment_id from pg_temp.pl_link`);
      await m.query(`alter table pg_temp.pl_undecided add primary key (payment_id)`);
      await m.query(`analyze pg_temp.pl_undecided`);
      await work();
      await m.query(`analyze pg_temp.pl_link`);
      timingsMs[name] = Math.round(performance.now() - started);
    };
    const [{ id: runId }] = await m.query<[{ id: string }]>(`insert into payment_link_run default values returning id`);
    await m.query(`drop table if exists pg_temp.pl_link`);
    await m.query(`
      create temp table pl_link (
        payment_id text primary key, placement_id text, method text not null, confidence numeric(6, 5) not null
      ) on commit drop`);
    await m.query(`create index on pg_temp.pl_link (placement_id)`);
    await step('manual', () => this.applyManualDecisions(m));
    await step('placementRef', () => this.linkByPlacementRef(m));
    await step('clientRef', () => this.linkByClientRef(m));
    await step('probabilistic', () => this.linkProbabilistically(m));
    const started = performance.now();
    await m.query(
      `update payment p set placement_id = d.placement_id, link_method = d.method, link_confidence = d.confidence,
         link_run_id = $1
       from (select p2.payment_id, l.placement_id, l.method, l.confidence
             from payment p2 left join pg_temp.pl_link l on l.payment_id = p2.payment_id) d
       where d.payment_id = p.payment_id
         and (p.placement_id, p.link_method, p.link_confidence) is distinct from (d.placement_id, d.method, d.confidence)`,
      [runId],
    );
    timingsMs.write = Math.round(performance.now() - started);
    const result = await this.finishRun(m, runId);
    return { ...result, timingsMs };
  }

  /** The latest decision per payment wins; a decision naming a placement that has gone is ignored. */
  private async applyManualDecisions(m: EntityManager): Promise<void> {
    await m.query(`
      with latest as (
        select distinct on (payment_id) payment_id, placement_id
        from payment_link_override order by payment_id, id desc
      )
      insert into pg_temp.pl_link (payment_id, placement_id, method, confidence)
      select l.payment_id, l.placement_id, 'manual', 1
      from latest l
      where exists (select 1 from payment p where p.payment_id = l.payment_id)
        and (l.placement_id is null or exists (select 1 from placement pl where pl.placement_id = l.placement_id))`);
  }

  /**
   * An exact placement_ref is taken unless the payment contradicts it (a different provider, or a
   * client_ref naming another person) and provided something agrees (provider, child or dates):
   * a mistyped reference that happens to name another child's placement then falls through to
   * the later methods instead of becoming a wrong link.
   */
  private async linkByPlacementRef(m: EntityManager): Promise<void> {
    await m.query(`
      insert into pg_temp.pl_link (payment_id, placement_id, method, confidence)
      select p.payment_id, pl.placement_id, 'placement_ref',
        case when ${SAME_PROVIDER} and (p.period_start is null or ${PERIOD_NEAR}) then 1 else 0.95 end
      from payment p
      join placement pl on pl.placement_id = p.placement_ref
      where ${UNDECIDED}
        and not ${PROVIDER_CONTRADICTS}
        and not ${CHILD_CONTRADICTS}
        and (${SAME_PROVIDER} or p.client_ref = pl.la_child_id or (p.period_start is not null and ${PERIOD_NEAR}))`);
  }

  /**
   * client_ref names the child (the finance system's copy of the social care id). The payment
   * goes to that child's placement with the same provider that shares the most days with the
   * payment period; a tie is left for the next method rather than guessed.
   */
  private async linkByClientRef(m: EntityManager): Promise<void> {
    await m.query(`
      with open_payment as (
        select p.payment_id, p.client_ref from payment p where p.client_ref is not null and ${UNDECIDED}
      ),
      client_child (payment_id, la_child_id, via_person) as (
        select payment_id, client_ref, false from open_payment
        union
        select op.payment_id, other.source_id, true
        from open_payment op
        join person_link me on me.feed = 'csc-children' and me.source_id = op.client_ref
        join person_link other on other.person_id = me.person_id and other.feed = 'csc-children'
          and other.source_id <> op.client_ref
      ),
      candidate as (
        select cc.payment_id, pl.placement_id, cc.via_person,
          case when p.period_start is null then 0 else ${OVERLAP_DAYS} end as overlap_days,
          case when p.period_start is null then 0 else ${GAP_DAYS} end as gap_days
        from client_child cc
        join payment p on p.payment_id = cc.payment_id
        join placement pl on pl.la_child_id = cc.la_child_id
        where ${SAME_PROVIDER} and (p.period_start is null or ${PERIOD_NEAR})
      ),
      ranked as (
        select c.*,
          count(*) filter (where overlap_days > 0) over (partition by payment_id) as overlapping,
          count(*) over (partition by payment_id, overlap_days, gap_days) as tied,
          row_number() over (partition by payment_id order by overlap_days desc, gap_days, via_person, placement_id) as rank
        from candidate c
      )
      insert into pg_temp.pl_link (payment_id, placement_id, method, confidence)
      select r.payment_id, r.placement_id, 'client_ref',
        case
          when r.overlapping = 1 and r.overlap_days > 0 then case when r.via_person then 0.98 else 1 end
          when r.overlap_days > 0 then 0.95
          else 0.9 end
      from ranked r
      where r.rank = 1 and r.tied = 1`);
  }

  /**
   * Blocks on name tokens (and, for a client_ref that found nothing, the provider) within the
   * period, scores in the linkage model and writes back in one statement. The open payments and
   * the name tokens go into analysed temporary tables first: as CTEs the planner has no row
   * counts for them and can pick a nested loop over every child's tokens.
   */
  private async linkProbabilistically(m: EntityManager): Promise<void> {
    await m.query(`drop table if exists pg_temp.pl_open_payment, pg_temp.pl_client_token, pg_temp.pl_child_token`);
    await m.query(`
      create temp table pl_open_payment on commit drop as
      select * from payment p where ${UNDECIDED} and p.period_start is not null and p.period_end is not null`);
    await m.query(`
      create temp table pl_client_token on commit drop as
      select distinct op.payment_id, token
      from pl_open_payment op,
        regexp_split_to_table(upper(regexp_replace(coalesce(op.client_name, ''), '[^A-Za-z]+', ' ', 'g')), ' ') as token
      where length(token) > 1`);
    // only the tokens some open payment carries: a few thousand rows, not every child's names
    await m.query(`
      create temp table pl_child_token on commit drop as
      select c.id as child_id, tok as token, 'surname' as kind
      from source_record c,
        unnest(string_to_array(btrim(coalesce(c.surname, '') || ' ' || array_to_string(coalesce(c.alt_surnames, '{}'), ' ')), ' ')) as tok
      where c.feed = 'csc-children' and c.is_current and tok in (select token from pl_client_token)
      union all
      select c.id, tok, 'forename'
      from source_record c, unnest(string_to_array(coalesce(c.forename, ''), ' ')) as tok
      where c.feed = 'csc-children' and c.is_current and tok in (select token from pl_client_token)`);
    await m.query(`analyze pl_open_payment, pl_client_token, pl_child_token`);
    const rows = await m.query<
      {
        payment_id: string;
        client_ref: string | null;
        client_name: string | null;
        pay_provider_key: string | null;
        pay_provider_name_key: string | null;
        period_start: string;
        period_end: string;
        amount_gbp: string | null;
        placement_id: string;
        la_child_id: string | null;
        provider_key: string | null;
        provider_name_key: string | null;
        start_date: string | null;
        end_date: string | null;
        forename: string | null;
        surname: string | null;
        alt_surnames: string[] | null;
        paid_days: number;
      }[]
    >(`
      with blocked as (
        -- a surname agrees, any provider
        select p.payment_id, pl.placement_id
        from pl_client_token t
        join pl_child_token ct on ct.token = t.token and ct.kind = 'surname'
        join placement pl on pl.child_source_record_id = ct.child_id
        join pl_open_payment p on p.payment_id = t.payment_id
        where ${PERIOD_NEAR}
        union
        -- a forename agrees at the same provider (the surname mistyped)
        select p.payment_id, pl.placement_id
        from pl_client_token t
        join pl_child_token ct on ct.token = t.token and ct.kind = 'forename'
        join placement pl on pl.child_source_record_id = ct.child_id
        join pl_open_payment p on p.payment_id = t.payment_id
        where ${SAME_PROVIDER} and ${PERIOD_NEAR}
        union
        -- a client_ref that found no placement (a mistyped child id): the provider's placements
        select p.payment_id, pl.placement_id
        from pl_open_payment p join placement pl on pl.provider_key = p.provider_key and ${PERIOD_NEAR}
        where p.client_ref is not null
      )
      select p.payment_id, p.client_ref, p.client_name, p.provider_key as pay_provider_key,
        p.provider_name_key as pay_provider_name_key, p.period_start::text, p.period_end::text, p.amount_gbp::text,
        pl.placement_id, pl.la_child_id, pl.provider_key, pl.provider_name_key, pl.start_date::text, pl.end_date::text,
        child.forename, child.surname, child.alt_surnames,
        -- days of this period the placement already has paid by payments linked earlier in the run
        (select coalesce(sum(least(q.period_end, p.period_end) - greatest(q.period_start, p.period_start) + 1), 0)
         from pg_temp.pl_link l join payment q on q.payment_id = l.payment_id
         where l.placement_id = pl.placement_id and q.amount_gbp > 0
           and q.period_start <= p.period_end and q.period_end >= p.period_start)::int as paid_days
      from blocked b
      join pl_open_payment p on p.payment_id = b.payment_id
      join placement pl on pl.placement_id = b.placement_id
      left join source_record child on child.id = pl.child_source_record_id
      order by p.payment_id`);
    const byPayment = new Map<string, { payment: PaymentForMatching; candidates: PlacementCandidate[] }>();
    for (const r of rows) {
      let entry = byPayment.get(r.payment_id);
      if (!entry) {
        entry = {
          payment: {
            paymentId: r.payment_id,
            clientRef: r.client_ref,
            clientName: r.client_name,
            providerKey: r.pay_provider_key,
            providerNameKey: r.pay_provider_name_key,
            periodStart: r.period_start,
            periodEnd: r.period_end,
            amountGbp: r.amount_gbp === null ? null : Number(r.amount_gbp),
          },
          candidates: [],
        };
        byPayment.set(r.payment_id, entry);
      }
      entry.candidates.push({
        placementId: r.placement_id,
        laChildId: r.la_child_id,
        providerKey: r.provider_key,
        providerNameKey: r.provider_name_key,
        startDate: r.start_date,
        endDate: r.end_date,
        childForename: r.forename,
        childSurname: r.surname,
        childAltSurnames: r.alt_surnames ?? [],
        alreadyPaidDays: r.paid_days,
      });
    }
    const paymentIds: string[] = [];
    const placementIds: string[] = [];
    const confidences: number[] = [];
    for (const { payment, candidates } of byPayment.values()) {
      const decision = choosePlacement(payment, candidates);
      if (!decision) continue;
      paymentIds.push(payment.paymentId);
      placementIds.push(decision.placementId);
      confidences.push(Math.floor(decision.probability * 1e5) / 1e5);
    }
    if (paymentIds.length === 0) return;
    await m.query(
      `insert into pg_temp.pl_link (payment_id, placement_id, method, confidence)
       select d.payment_id, d.placement_id, 'probabilistic', d.confidence
       from unnest($1::text[], $2::text[], $3::numeric[]) as d(payment_id, placement_id, confidence)`,
      [paymentIds, placementIds, confidences],
    );
  }

  private async finishRun(m: EntityManager, runId: string): Promise<PaymentLinkRunResult> {
    const [row] = await m.query<[RunRow]>(
      `with done as (
         update payment_link_run r set finished_at = clock_timestamp(),
           payments = s.payments, by_placement_ref = s.by_placement_ref, by_client_ref = s.by_client_ref,
           by_probabilistic = s.by_probabilistic, by_manual = s.by_manual, unmatched = s.unmatched,
           dismissed = s.dismissed, amount_loaded = s.amount_loaded, amount_linked = s.amount_linked,
           amount_unmatched = s.amount_unmatched
         from (
           select count(*)::int as payments,
             count(*) filter (where placement_id is not null and link_method = 'placement_ref')::int as by_placement_ref,
             count(*) filter (where placement_id is not null and link_method = 'client_ref')::int as by_client_ref,
             count(*) filter (where placement_id is not null and link_method = 'probabilistic')::int as by_probabilistic,
             count(*) filter (where placement_id is not null and link_method = 'manual')::int as by_manual,
             count(*) filter (where placement_id is null)::int as unmatched,
             count(*) filter (where placement_id is null and link_method = 'manual')::int as dismissed,
             coalesce(sum(amount_gbp), 0) as amount_loaded,
             coalesce(sum(amount_gbp) filter (where placement_id is not null), 0) as amount_linked,
             coalesce(sum(amount_gbp) filter (where placement_id is null), 0) as amount_unmatched
           from payment
         ) s
         where r.id = $1
         returning r.*)
       select ${RUN_COLUMNS} from done r`,
      [runId],
    );
    return toRunResult(row);
  }
}

interface RunRow {
  id: string;
  payments: number;
  by_placement_ref: number;
  by_client_ref: number;
  by_probabilistic: number;
  by_manual: number;
  unmatched: number;
  dismissed: number;
  amount_loaded: string;
  amount_linked: string;
  amount_unmatched: string;
}

const RUN_COLUMNS = `r.id::text, r.payments, r.by_placement_ref, r.by_client_ref, r.by_probabilistic, r.by_manual, r.unmatched,
  r.dismissed, r.amount_loaded::text, r.amount_linked::text, r.amount_unmatched::text`;

function toRunResult(row: RunRow): PaymentLinkRunResult {
  return {
    runId: row.id,
    payments: row.payments,
    byPlacementRef: row.by_placement_ref,
    byClientRef: row.by_client_ref,
    byProbabilistic: row.by_probabilistic,
    byManual: row.by_manual,
    unmatched: row.unmatched,
    dismissed: row.dismissed,
    amountLoaded: row.amount_loaded,
    amountLinked: row.amount_linked,
    amountUnmatched: row.amount_unmatched,
  };
}
