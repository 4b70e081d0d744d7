/* eslint-disable @typescript-eslint/no-require-imports -- synchronous lazy loading of CommonJS command modules */
import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Every command, by its top-level name, loaded only when it runs: `link-files` must not pay for
 * loading Nest, TypeORM and GraphQL (about a second) that only the database commands need.
 * Commands sharing a parent (`export persons`, `export payments`) share its name.
 */
export const COMMANDS: ReadonlyArray<{ name: string; load: () => Register }> = [
  {
    name: 'serve',
    load: () => (require('./serve.command') as typeof import('./serve.command')).registerServe,
  },
  {
    name: 'generate',
    load: () => (require('./generate.command') as typeof import('./generate.command')).registerGenerate,
  },
  {
    name: 'ingest',
    load: () => (require('./ingest.command') as typeof import('./ingest.command')).registerIngest,
  },
  { name: 'link', load: () => (require('./link.command') as typeof import('./link.command')).registerLink },
  {
    name: 'export',
    load: () =>
      (require('./export-persons.command') as typeof import('./export-persons.command'))
        .registerExportPersons,
  },
  {
    name: 'export',
    load: () =>
      (require('./export-payments.command') as typeof import('./export-payments.command'))
        .registerExportPayments,
  },
  {
    name: 'link-payments',
    load: () =>
      (require('./link-payments.command') as typeof import('./link-payments.command')).registerLinkPayments,
  },
  {
    name: 'link-files',
    load: () => (require('./link-files.command') as typeof import('./link-files.command')).registerLinkFiles,
  },
  {
    name: 'train',
    load: () => (require('./train.command') as typeof import('./train.command')).registerTrain,
  },
  {
    name: 'evaluate',
    load: () => (require('./evaluate.command') as typeof import('./evaluate.command')).registerEvaluate,
  },
  {
    name: 'token',
    load: () => (require('./token.command') as typeof import('./token.command')).registerToken,
  },
  {
    name: 'audit',
    load: () => (require('./audit.command') as typeof import('./audit.command')).registerAudit,
  },
  {
    name: 'db:migrate',
    load: () => (require('./db-migrate.command') as typeof import('./db-migrate.command')).registerDbMigrate,
  },
];

/** The commands a command line needs: the one it names, or all of them (for help). */
export function registerCommands(program: Command, argv: readonly string[]): void {
  const named = COMMANDS.filter((command) => command.name === argv[2]);
  for (const command of named.length > 0 ? named : COMMANDS) command.load()(program);
}
