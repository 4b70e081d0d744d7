import type { Command } from 'commander';
import { withAppContext } from '../app-context';
import { printResult } from '../output';
import { PaymentLinkingService } from '../../placements/payment-linking.service';

/**
 * `childlink link-payments`: refresh placements and payments from the current feed records and
 * link every payment to its placement (placement_ref, client_ref, probabilistic, else unmatched;
 * finance's manual decisions always win). Figures reconcile: linked + unmatched = loaded.
 */
export function registerLinkPayments(program: Command): void {
  program
    .command('link-payments')
    .description('link finance payments to placements (placement_ref → client_ref → probabilistic → unmatched queue)')
    .option('--json', 'print figures as JSON')
    .action(async (options: { json?: boolean }) => {
      const started = performance.now();
      const { refresh, run } = await withAppContext((app) => app.get(PaymentLinkingService).refreshAndLink());
      const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      const linked = run.payments - run.unmatched;
      printResult(
        options.json === true,
        { ...run, placements: refresh.placements, paymentsRefreshed: refresh.payments, seconds },
        `link-payments run ${run.runId}: ${run.payments} payments (£${run.amountLoaded}); ${linked} linked ` +
          `(${run.byPlacementRef} placement_ref, ${run.byClientRef} client_ref, ${run.byProbabilistic} probabilistic, ` +
          `${run.byManual} manual), ${run.unmatched} unmatched (£${run.amountUnmatched}, ${run.dismissed} dismissed by finance); ` +
          `${refresh.placements.current} placements`,
      );
    });
}
