/**
 * Periods in care, placements and what finance pays for them: placements as a contiguous chain
 * within each period of care (a placement starts the day the previous ends, as SSDA903 episodes
 * do), and four-weekly payments in arrears, pro-rated for part periods and split at 1 April so each
 * falls in one financial year.
 */
import { addYears, ageOn, civilOf, financialYearStart, isoOf, type Day } from './calendar';
import type { CouncilContext, Reality } from './council-context';
import { FINANCE_YEARS_BACK } from './generator-config';
import { padded, scramble } from './identifiers';
import type { Child, FeedName, FeedRow, GeneratedFile } from './model';
import { typo } from './name-variants';
import {
  adoptionPlacement,
  APRIL_UPLIFT,
  COST_CODE,
  placementKindFor,
  REASONS_FOR_CHANGE,
  type PlacementKindChoice,
  type Provider,
  type ProviderCatalogue,
} from './providers';

export interface PlacementRecord {
  id: string;
  start: Day;
  end: Day | undefined;
  choice: PlacementKindChoice;
  provider: Provider | undefined;
  postcode: string;
  weeklyRate: number;
}

export class CareHistoryWriter {
  private readonly financeStart: Day;
  private readonly cycleAnchor: Day;
  private readonly counters = { placement: 0, payment: 0, unknownChild: 0 };

  constructor(
    private readonly ctx: CouncilContext,
    private readonly providers: ProviderCatalogue,
    /** A name for a child the feeds do not hold (finance pays for some). */
    private readonly randomClientName: () => string,
  ) {
    this.financeStart = addYears(financialYearStart(ctx.asOf), -FINANCE_YEARS_BACK);
    // Payment runs are four-weekly from the Monday on or before the extract's first day.
    this.cycleAnchor = this.financeStart - ((this.financeStart + 3) % 7);
  }

  private get rng(): CouncilContext['rng'] {
    return this.ctx.rng;
  }

  private get rates(): CouncilContext['rates'] {
    return this.ctx.rates;
  }

  private get asOf(): Day {
    return this.ctx.asOf;
  }

  private write<F extends FeedName>(feed: F, row: FeedRow<F>): void {
    this.ctx.write(feed, row);
  }

  private emit(file: GeneratedFile, values: readonly string[]): void {
    this.ctx.emit(file, values);
  }

  private count(reality: Reality): void {
    this.ctx.count(reality);
  }

  /**
   * Periods in care as a chain of placements (each starts the day the previous ends, as SSDA903
   * episodes do), then the payments for each. `adoptedOn` ends care with an adoption placement.
   */
  careHistory(child: Child, laChildId: string, lookedAfterNow: boolean, adoptedOn?: Day): PlacementRecord[] {
    const rng = this.rng;
    const ageDays = Math.max(1, this.asOf - child.dob);
    let careStart: Day;
    let careEnd: Day | undefined;
    if (adoptedOn !== undefined) {
      careStart = child.dob + rng.int(0, Math.max(0, Math.min(240, adoptedOn - child.dob - 200)));
      careEnd = adoptedOn;
    } else if (lookedAfterNow) {
      careStart = this.asOf - rng.int(20, Math.max(21, Math.min(ageDays - 1, 6 * 365)));
      careEnd = undefined;
    } else {
      careStart = child.dob + rng.int(0, Math.max(0, ageDays - 60));
      careEnd = Math.min(careStart + rng.int(20, 3 * 365), this.asOf - 1);
    }
    const placedForAdoption = adoptedOn === undefined ? undefined : Math.max(careStart + 60, adoptedOn - rng.int(90, 300));
    const placements: PlacementRecord[] = [];
    let start = careStart;
    for (;;) {
      const limit = placedForAdoption ?? careEnd;
      const choice = placementKindFor(rng, ageOn(child.dob, start));
      const duration = Math.max(3, Math.round(rng.logNormal(260, 0.9)));
      let end: Day | undefined = start + duration;
      const last = placements.length >= 9 || (limit === undefined ? end >= this.asOf : end >= limit);
      if (last) end = limit;
      placements.push(this.placement(child, laChildId, choice, start, end, last && placedForAdoption === undefined));
      if (last || end === undefined) break;
      start = end;
    }
    if (placedForAdoption !== undefined && adoptedOn !== undefined) {
      placements.push(this.placement(child, laChildId, adoptionPlacement(rng), placedForAdoption, adoptedOn, true));
    }
    return placements;
  }

  private placement(
    child: Child,
    laChildId: string,
    choice: PlacementKindChoice,
    start: Day,
    end: Day | undefined,
    lastOfCare: boolean,
  ): PlacementRecord {
    const rng = this.rng;
    const provider = choice.kind === 'parents' || choice.kind === 'none' ? undefined : this.providers.pick(rng, choice.kind);
    let weeklyRate = 0;
    if (provider && provider.weeklyRate > 0) {
      weeklyRate = provider.weeklyRate * rng.logNormal(1, 0.06);
      // Solo placements for complex needs: the children's-home tail above £10,000 a week.
      if (provider.kind === 'childrens-home' && rng.chance(0.08)) weeklyRate = Math.min(16_000, weeklyRate * (1.7 + rng.next() * 0.7));
    }
    const placement: PlacementRecord = {
      id: `PL${padded(scramble(this.counters.placement++, 100_000_000, 5_550_001), 8)}`,
      start,
      end,
      choice,
      provider,
      postcode: choice.kind === 'parents' ? (child.address.postcode ?? '') : (provider?.postcode ?? ''),
      weeklyRate: Math.round(weeklyRate),
    };
    this.write('csc-placements', {
      placement_id: placement.id,
      la_child_id: laChildId,
      start_date: isoOf(start),
      end_date: end === undefined ? '' : isoOf(end),
      placement_type: choice.code,
      provider_id: provider?.id ?? '',
      provider_name: provider?.name ?? '',
      placement_postcode: rng.chance(0.03) ? '' : placement.postcode,
      reason_for_change: end === undefined ? '' : lastOfCare ? '' : REASONS_FOR_CHANGE.pick(rng),
    });
    if (provider && placement.weeklyRate > 0) this.payments(child, laChildId, placement, provider);
    return placement;
  }

  // --------------------------------------------------------------------------------- payments --

  private nextPaymentId(): string {
    return `PAY${padded(scramble(this.counters.payment++, 1_000_000_000, 12_345_678), 9)}`;
  }

  /** The weekly rate in a financial year: the placement's rate uplifted (or deflated) each April. */
  private rateIn(placement: PlacementRecord, provider: Provider, day: Day): number {
    const years = civilOf(financialYearStart(day)).year - civilOf(financialYearStart(this.asOf)).year;
    return Math.round(placement.weeklyRate * Math.pow(1 + APRIL_UPLIFT[provider.kind], years) * 100) / 100;
  }

  /**
   * Four-weekly payments in arrears for the placement's days inside the finance extract, pro-rated
   * for part periods and split at 1 April; a cycle is paid seven days after it ends, so the last
   * cycle before the as-of date may be unpaid (that is committed cost, not spend).
   */
  private payments(child: Child, laChildId: string, placement: PlacementRecord, provider: Provider): void {
    const rng = this.rng;
    const rates = this.rates;
    const from = Math.max(placement.start, this.financeStart);
    const to = placement.end === undefined ? this.asOf : placement.end - 1; // the end day is the next placement's
    if (to < from) return;
    const clientName = `${child.forename || 'Baby'} ${child.surname}`;
    this.paymentPeriods(from, to, (start, end, paidOn) => {
      const weeklyRate = this.rateIn(placement, provider, start);
      const days = end - start + 1;
      const amount = Math.round((weeklyRate * days * 100) / 7) / 100;
      this.payment(provider, placement.id, laChildId, clientName, start, end, amount, weeklyRate, paidOn);
      if (paidOn + 28 <= this.asOf && rng.chance(rates.creditNote)) {
        const overpaidDays = rng.int(1, days);
        this.count('creditNotes');
        const credit = -Math.round((weeklyRate * overpaidDays * 100) / 7) / 100;
        this.payment(provider, placement.id, laChildId, clientName, start, end, credit, weeklyRate, paidOn + 28);
      }
    });
    if (rng.chance(rates.unknownChildPaymentRun)) this.unknownChildPayments(provider, from, to);
  }

  /** The four-weekly periods paid for days from..to, clipped to them and split at 1 April. */
  private paymentPeriods(from: Day, to: Day, pay: (start: Day, end: Day, paidOn: Day) => void): void {
    let cycleStart = this.cycleAnchor + Math.floor((from - this.cycleAnchor) / 28) * 28;
    for (; cycleStart <= to; cycleStart += 28) {
      const cycleEnd = cycleStart + 27;
      const paidOn = cycleEnd + 7;
      if (paidOn > this.asOf) break;
      let pieceStart = Math.max(cycleStart, from);
      const pieceEnd = Math.min(cycleEnd, to);
      while (pieceStart <= pieceEnd) {
        const end = Math.min(pieceEnd, addYears(financialYearStart(pieceStart), 1) - 1);
        pay(pieceStart, end, paidOn);
        pieceStart = end + 1;
      }
    }
  }

  private payment(
    provider: Provider,
    placementId: string,
    laChildId: string,
    clientName: string,
    start: Day,
    end: Day,
    amount: number,
    weeklyRate: number,
    paidOn: Day,
  ): void {
    const rng = this.rng;
    const rates = this.rates;
    const paymentId = this.nextPaymentId();
    const missingRef = rng.chance(rates.paymentMissingPlacementRef);
    if (missingRef) this.count('paymentsWithoutPlacementRef');
    let clientRef = '';
    let name = '';
    if (missingRef) {
      clientRef = rng.chance(rates.paymentClientRefGivenMissingRef) ? laChildId : '';
      name = rng.chance(rates.paymentClientNameGivenMissingRef) || !clientRef ? clientName : '';
    } else {
      clientRef = rng.chance(0.5) ? laChildId : '';
      name = rng.chance(0.4) ? clientName : '';
    }
    if (name && rng.chance(rates.paymentClientNameTypo)) name = typo(rng, name);
    this.write('finance-payments', {
      payment_id: paymentId,
      provider_id: provider.id,
      provider_name: provider.name,
      placement_ref: missingRef ? '' : placementId,
      client_ref: clientRef,
      client_name: name,
      period_start: isoOf(start),
      period_end: isoOf(end),
      amount_gbp: amount.toFixed(2),
      weekly_rate_gbp: weeklyRate.toFixed(2),
      cost_code: COST_CODE[provider.kind],
      paid_on: isoOf(paidOn),
    });
    this.emit('truth/payments', [paymentId, placementId]);
  }

  /** A short run of payments to a real provider for a child the council's feeds do not hold. */
  private unknownChildPayments(provider: Provider, from: Day, to: Day): void {
    const rng = this.rng;
    const clientRef = `LA${padded(scramble(9_000_000 + this.counters.unknownChild++, 10_000_000, 1_234_567), 7)}`;
    const name = this.randomClientName();
    const weeklyRate = Math.round(provider.weeklyRate * 100) / 100;
    const start = from + rng.int(0, Math.max(0, to - from));
    const withRef = rng.chance(0.7);
    this.paymentPeriods(start, Math.min(to, start + rng.int(20, 80)), (periodStart, periodEnd, paidOn) => {
      const paymentId = this.nextPaymentId();
      this.count('paymentsForUnknownChildren');
      this.write('finance-payments', {
        payment_id: paymentId,
        provider_id: provider.id,
        provider_name: provider.name,
        client_ref: withRef ? clientRef : '',
        client_name: name,
        period_start: isoOf(periodStart),
        period_end: isoOf(periodEnd),
        amount_gbp: ((weeklyRate * (periodEnd - periodStart + 1)) / 7).toFixed(2),
        weekly_rate_gbp: weeklyRate.toFixed(2),
        cost_code: COST_CODE[provider.kind],
        paid_on: isoOf(paidOn),
      });
      this.emit('truth/payments', [paymentId, '']);
    });
  }

}
