import type { Command } from 'commander';
import { withAppContext } from '../app-context';
import { note, printResult } from '../output';
import { LinkService } from '../../person-index/link.service';

export function registerLink(program: Command): void {
  program
    .command('link')
    .description('link all active source records into the person index (incremental unless --full)')
    .option('--full', 'retrain the rule set and relink every record')
    .option('--json', 'print figures as JSON')
    .action(async (options: { full?: boolean; json?: boolean }) => {
      const summary = await withAppContext((app) =>
        app.get(LinkService).link({ full: options.full === true, onProgress: (message) => note(`link: ${message}`) }),
      );
      printResult(
        options.json === true,
        summary,
        `link run ${summary.runId} (${summary.mode}, rule set ${summary.ruleSetVersion}${summary.trained ? ', trained' : ''}): ` +
          `${summary.records} records → ${summary.persons} persons; ${summary.personsCreated} new, ${summary.personsMerged} merged, ` +
          `${summary.linksChanged} links changed, ${summary.reviewItemsOpened} review items opened in ${(summary.timingsMs.total ?? 0) / 1000} s`,
      );
    });
}
