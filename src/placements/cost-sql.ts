/**
 * SQL shared by the cost services. Amounts are split across financial years (1 April – 31 March)
 * pro rata by days, as `splitAcrossFinancialYears` does in TypeScript: each share is rounded to
 * pence and the last share of a payment takes the remainder, so shares add back to the payment.
 * A payment with no period counts in full in the year it was paid.
 */
export function paymentYearSharesSql(paymentFilter: string): string {
  return `
    pay as (
      select p.payment_id, p.placement_id, p.amount_gbp, p.weekly_rate_gbp,
        coalesce(p.period_start, p.paid_on) as period_start, coalesce(p.period_end, p.period_start, p.paid_on) as period_end
      from payment p
      where p.placement_id is not null and p.amount_gbp is not null
        and coalesce(p.period_start, p.paid_on) is not null and ${paymentFilter}
    ),
    pay_valid as (
      select *, (period_end - period_start + 1) as total_days from pay where period_end >= period_start
    ),
    share as (
      select v.*, fy,
        (least(v.period_end, make_date(fy + 1, 3, 31)) - greatest(v.period_start, make_date(fy, 4, 1)) + 1) as days
      from pay_valid v,
        generate_series(extract(year from v.period_start - interval '3 months')::int,
                        extract(year from v.period_end - interval '3 months')::int) as fy
    ),
    share_rounded as (
      select s.*, round(s.amount_gbp * s.days / s.total_days, 2) as rounded,
        row_number() over (partition by s.payment_id order by s.fy desc) as from_last,
        sum(round(s.amount_gbp * s.days / s.total_days, 2)) over (partition by s.payment_id) as rounded_sum
      from share s
    ),
    year_share as (
      select payment_id, placement_id, fy, days, total_days, amount_gbp, weekly_rate_gbp, period_start, period_end,
        case when from_last = 1 then amount_gbp - (rounded_sum - rounded) else rounded end as amount
      from share_rounded
    )`;
}

/** The weekly rate a payment states, or what it works out at (amount × 7 ÷ days) for a pro-rated part period. */
export function paymentWeeklyRateSql(alias: string): string {
  return `coalesce(${alias}.weekly_rate_gbp,
    round(${alias}.amount_gbp * 7 / nullif(${alias}.period_end - ${alias}.period_start + 1, 0), 2))`;
}

/**
 * Which payment's rate is "the placement's weekly rate": the latest period; within it, a payment
 * that states a rate over one that does not (a one-off or a manual adjustment), then the larger.
 */
export function latestRateOrderSql(alias: string): string {
  return `${alias}.period_end desc, (${alias}.weekly_rate_gbp is not null) desc, ${alias}.amount_gbp desc, ${alias}.payment_id desc`;
}
