import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { CostAnalysisService } from '../src/placements/cost-analysis.service';
import { PlacementCostService } from '../src/placements/placement-cost.service';
import { PlacementService } from '../src/placements/placement.service';
import type { Benchmark } from './bench';
import { peakRssMiB, scratchDatabase, seconds } from './bench';
import { linkingServices, loadGeneratedPlacementData, measurePaymentLinks } from './placements-council.bench';

const CHILDREN = Number(process.env.PLACEMENTS_BENCH_CHILDREN ?? 200_000);
const SEED = 'placements-bench';

const pct = (x: number): string => `${(100 * x).toFixed(3)}%`;

/**
 * Payment-to-placement linking on a generated council: accuracy against truth/payments, totals
 * reconciled, and the time to refresh + link, re-run, cost and analyse.
 */
export const placementsBenchmark: Benchmark = {
  name: 'placements',
  title: 'Payment-to-placement linking and costs',
  async run() {
    const db = await scratchDatabase('placements', false);
    const dataSource = new DataSource(dataSourceOptions(db.url));
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'all' });
      let t = performance.now();
      const data = await loadGeneratedPlacementData(dataSource, { children: CHILDREN, seed: SEED });
      const loadSeconds = seconds(t);
      await dataSource.query('analyze');

      const linking = linkingServices(dataSource);
      t = performance.now();
      const first = await linking.refreshAndLink();
      const linkSeconds = seconds(t);
      const accuracy = await measurePaymentLinks(dataSource, data.truth);

      t = performance.now();
      const second = await linking.refreshAndLink();
      const rerunSeconds = seconds(t);

      const placements = new PlacementService(dataSource);
      const costs = new PlacementCostService(dataSource, placements);
      const asOf = data.summary.asOf;
      const ids = (
        await dataSource.query<{ placement_id: string }[]>(`select placement_id from placement`)
      ).map((r) => r.placement_id);
      t = performance.now();
      await costs.placementCosts(ids, asOf);
      const costSeconds = seconds(t);
      t = performance.now();
      const anomalies = await costs.anomalies(asOf);
      const anomalySeconds = seconds(t);
      const analysis = new CostAnalysisService(dataSource);
      t = performance.now();
      const groups = await analysis.analyse('placement_group');
      const analysisSeconds = seconds(t);

      const run = first.run;
      const reconciles =
        run.payments ===
          run.byPlacementRef + run.byClientRef + run.byProbabilistic + run.byManual + run.unmatched &&
        Math.abs(Number(run.amountLinked) + Number(run.amountUnmatched) - Number(run.amountLoaded)) < 0.005;
      const methods = Object.entries(accuracy.byMethod)
        .map(([m, c]) => `${m} ${c.right} right / ${c.wrong} wrong`)
        .join('; ');
      const anomalyCounts = anomalies.reduce<Record<string, number>>(
        (acc, a) => ({ ...acc, [a.kind]: (acc[a.kind] ?? 0) + 1 }),
        {},
      );
      return `
Generated council (seed \`${SEED}\`, ${CHILDREN.toLocaleString('en-GB')} children, as of ${asOf}): ${data.counts.children.toLocaleString('en-GB')} social care children, ${data.counts.placements.toLocaleString('en-GB')} placements, ${data.counts.payments.toLocaleString('en-GB')} payments, loaded straight into \`source_record\` (the feed loader is not part of this measure). No person index run, so the client_ref → person path is not exercised here.

| measure | value |
|---|---|
| payments with a true placement linked to it | ${accuracy.linkedRight.toLocaleString('en-GB')} / ${accuracy.withTruePlacement.toLocaleString('en-GB')} = **${pct(accuracy.recall)}** (bar ≥ 99.5%) |
| wrong links (of all payments) | ${accuracy.linkedWrong} = **${pct(accuracy.wrongRate)}** (bar ≤ 0.1%); ${accuracy.linkedWithoutTruePlacement} of them pay no known placement |
| unmatched (queue) | ${accuracy.unmatched.toLocaleString('en-GB')} |
| by method | ${methods} |
| totals reconcile (count and £: linked + unmatched = loaded) | ${reconciles ? 'yes' : '**NO**'}: £${run.amountLinked} + £${run.amountUnmatched} = £${run.amountLoaded} |
| refresh + link, first run | **${linkSeconds} s** |
| first run by step (ms) | ${Object.entries(first.run.timingsMs ?? {})
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} |
| refresh + link, second run (nothing changed: same links) | ${rerunSeconds} s; links identical: ${second.run.byPlacementRef === run.byPlacementRef && second.run.unmatched === run.unmatched ? 'yes' : 'no'}; by step (ms): ${Object.entries(
        second.run.timingsMs ?? {},
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} |
| costs of every placement (paid, rate, commitment, years) | ${costSeconds} s for ${ids.length.toLocaleString('en-GB')} placements |
| anomalies | ${anomalySeconds} s: ${
        Object.entries(anomalyCounts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none found'
      } |
| cost analysis by placement group (with CIs) | ${analysisSeconds} s, ${groups.length} groups |
| generate + load into PostgreSQL | ${loadSeconds} s |
| peak RSS of the bench process | ${peakRssMiB()} MiB |

Taken while five other engineers were building and testing on the same 2 cores: times are pessimistic.`;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  },
};
