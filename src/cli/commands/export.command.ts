import type { Command } from 'commander';

/**
 * `childlink export <what>`: one command, one subcommand per export. Each subcommand lives in its
 * own file (export-persons.command.ts, export-payments.command.ts, …), is registered in index.ts
 * like any command, and hangs itself under `export` with this hook, so no file lists them all.
 */
export function exportCommandOf(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'export');
  if (existing) return existing;
  return program.command('export').description('write CSV exports of the index (persons, payments)');
}
