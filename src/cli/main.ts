#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { registerCommands } from './commands';

async function main(): Promise<void> {
  const program = new Command('childlink')
    .description('single view of the child: linkage, person index, costs and role-filtered GraphQL')
    .showHelpAfterError();
  registerCommands(program, process.argv);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  // Only the message: errors here never carry record contents.
  process.stderr.write(`childlink: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
