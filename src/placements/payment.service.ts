import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PAYMENT_LINKING_LOCK, type LinkMethod } from './payment-linking.service';
import type { PaymentRecord } from './placement.types';
import { PlacementErrorCode, PlacementException } from './placements.exception';

export interface ManualLinkDecision {
  paymentId: string;
  /** null: the payment pays no placement; it leaves the queue. */
  placementId: string | null;
  reason: string;
  decidedBy: string;
}

export interface PaymentPage {
  items: PaymentRecord[];
  totalCount: number;
  nextCursor: string | null;
}

interface PaymentRow {
  payment_id: string;
  provider_id: string | null;
  provider_name: string | null;
  placement_ref: string | null;
  client_ref: string | null;
  client_name: string | null;
  period_start: string | null;
  period_end: string | null;
  amount_gbp: string | null;
  weekly_rate_gbp: string | null;
  cost_code: string | null;
  paid_on: string | null;
  placement_id: string | null;
  link_method: LinkMethod | null;
  link_confidence: string | null;
}

export const PAYMENT_COLUMNS = `p.payment_id, p.provider_id, p.provider_name, p.placement_ref, p.client_ref, p.client_name,
  p.period_start::text, p.period_end::text, p.amount_gbp::text, p.weekly_rate_gbp::text, p.cost_code, p.paid_on::text,
  p.placement_id, p.link_method, p.link_confidence::text`;

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function toPayment(r: PaymentRow): PaymentRecord {
  return {
    paymentId: r.payment_id,
    providerId: r.provider_id,
    providerName: r.provider_name,
    placementRef: r.placement_ref,
    clientRef: r.client_ref,
    clientName: r.client_name,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    amountGbp: num(r.amount_gbp),
    weeklyRateGbp: num(r.weekly_rate_gbp),
    costCode: r.cost_code,
    paidOn: r.paid_on,
    placementId: r.placement_id,
    linkMethod: r.link_method,
    linkConfidence: num(r.link_confidence),
  };
}

/** Cursors are opaque to clients; inside they are the last payment id seen. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}
export function decodeCursor(cursor: string | null | undefined): string | null {
  return cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null;
}

/** Payments, the unmatched queue finance works, and finance's manual link decisions. */
@Injectable()
export class PaymentService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async byIds(paymentIds: readonly string[]): Promise<Map<string, PaymentRecord>> {
    const rows = await this.dataSource.query<PaymentRow[]>(
      `select ${PAYMENT_COLUMNS} from payment p where p.payment_id = any($1::text[])`,
      [paymentIds],
    );
    return new Map(rows.map((r) => [r.payment_id, toPayment(r)]));
  }

  /** Linked payments per placement, batched (one query for any number of placements). */
  async forPlacements(placementIds: readonly string[]): Promise<Map<string, PaymentRecord[]>> {
    const rows = await this.dataSource.query<PaymentRow[]>(
      `select ${PAYMENT_COLUMNS} from payment p where p.placement_id = any($1::text[])
       order by p.placement_id, p.period_start nulls last, p.payment_id`,
      [placementIds],
    );
    const map = new Map<string, PaymentRecord[]>(placementIds.map((id) => [id, []]));
    for (const r of rows) map.get(r.placement_id ?? '')?.push(toPayment(r));
    return map;
  }

  /** The queue: unmatched payments with no manual decision, oldest payment id first, cursor-paged. */
  async unmatched(first: number, after?: string | null): Promise<PaymentPage> {
    const limit = Math.min(Math.max(first, 1), 500);
    const afterId = decodeCursor(after);
    const rows = await this.dataSource.query<PaymentRow[]>(
      `select ${PAYMENT_COLUMNS} from payment p
       where p.placement_id is null and p.link_method is null and ($1::text is null or p.payment_id > $1)
       order by p.payment_id limit $2`,
      [afterId, limit + 1],
    );
    const [{ total }] = await this.dataSource.query<[{ total: number }]>(
      `select count(*)::int as total from payment where placement_id is null and link_method is null`,
    );
    const items = rows.slice(0, limit).map(toPayment);
    const last = items[items.length - 1];
    return { items, totalCount: total, nextCursor: rows.length > limit && last ? encodeCursor(last.paymentId) : null };
  }

  /**
   * Records finance's decision (append-only, with who and why) and applies it at once; every
   * later linking run obeys the latest decision for the payment.
   */
  async linkManually(decision: ManualLinkDecision): Promise<PaymentRecord> {
    const reason = decision.reason.trim();
    if (!reason) throw new PlacementException(PlacementErrorCode.ReasonRequired, 'a reason is required');
    return this.dataSource.transaction(async (m) => {
      // waits for a linking run in progress, which would otherwise write over this decision
      await m.query(PAYMENT_LINKING_LOCK);
      const found = await m.query<{ payment_id: string }[]>(`select payment_id from payment where payment_id = $1 for update`, [
        decision.paymentId,
      ]);
      if (!found.length) throw new PlacementException(PlacementErrorCode.PaymentNotFound, 'payment not found');
      if (decision.placementId !== null) {
        const placement = await m.query<unknown[]>(`select 1 from placement where placement_id = $1`, [decision.placementId]);
        if (!placement.length) throw new PlacementException(PlacementErrorCode.PlacementNotFound, 'placement not found');
      }
      await m.query(
        `insert into payment_link_override (payment_id, placement_id, decided_by, reason) values ($1, $2, $3, $4)`,
        [decision.paymentId, decision.placementId, decision.decidedBy, reason],
      );
      const rows = await m.query<PaymentRow[]>(
        `with changed as (
           update payment set placement_id = $2, link_method = 'manual', link_confidence = 1 where payment_id = $1
           returning *)
         select ${PAYMENT_COLUMNS} from changed p`,
        [decision.paymentId, decision.placementId],
      );
      return toPayment(rows[0]!);
    });
  }

  async decisions(paymentId: string): Promise<{ placementId: string | null; decidedBy: string; reason: string; decidedAt: Date }[]> {
    const rows = await this.dataSource.query<{ placement_id: string | null; decided_by: string; reason: string; decided_at: Date }[]>(
      `select placement_id, decided_by, reason, decided_at from payment_link_override where payment_id = $1 order by id desc`,
      [paymentId],
    );
    return rows.map((r) => ({ placementId: r.placement_id, decidedBy: r.decided_by, reason: r.reason, decidedAt: r.decided_at }));
  }
}
