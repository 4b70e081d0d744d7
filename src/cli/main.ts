#!/usr/bin/env node
import 'reflect-metadata';
import { Command } from 'commander';
import { COMMANDS } from './commands';

async function main(): Promise<void> {
  const program = new Command('childlink')
    .description('single view of the child: linkage, person index, costs and role-filtered GraphQL')
    .showHelpAfterError();
  for (const register of COMMANDS) register(program);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  // Only the message: errors here never carry record contents.
  process.stderr.write(`childlink: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
