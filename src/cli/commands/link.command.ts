import type { Command } from 'commander';
import { withAppContext } from '../app-context';
import { note, printResult } from '../output';
import { writeFileSync } from 'node:fs';
import { LinkService } from '../../person-index/link.service';
import { childRuleSetPath } from '../../person-index/core-person-linkage';

export function registerLink(program: Command): void {
  program
    .command('link')
    .description('link all active source records into the person index (incremental unless --full)')
    .option('--full', 'retrain the rule set and relink every record')
    .option('--save-parameters [file]', 'when it trains, also write the parameters as JSON (default: beside matching-rules/child.yaml)')
    .option('--json', 'print figures as JSON')
    .action(async (options: { full?: boolean; json?: boolean; saveParameters?: string | boolean }) => {
      const save = options.saveParameters;
      const summary = await withAppContext((app) =>
        app.get(LinkService).link({
          full: options.full === true,
          onProgress: (message) => note(`link: ${message}`),
          onTrained: (parameters) => {
            if (!save) return;
            const file = typeof save === 'string' ? save : childRuleSetPath().replace(/\.ya?ml$/, '.parameters.json');
            // Term-frequency tables list real names and postcodes (a postcode many children share can
            // be a children's home): they stay in the database, never in a file beside the rule set.
            const shareable = { ...(parameters as object), termFrequencies: {} };
            writeFileSync(file, `${JSON.stringify(shareable, null, 2)}\n`, { mode: 0o600 });
            note(`link: trained parameters written to ${file}`);
          },
        }),
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
