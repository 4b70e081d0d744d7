import type { Command } from 'commander';
import { registerServe } from './serve.command';
import { registerLink } from './link.command';
import { registerExportPersons } from './export-persons.command';
import { registerDbMigrate } from './db-migrate.command';
import { registerToken } from './token.command';
import { registerAudit } from './audit.command';
import { registerGenerate } from './generate.command';
import { registerLinkFiles } from './link-files.command';
import { registerTrain } from './train.command';
import { registerEvaluate } from './evaluate.command';
import { registerIngest } from './ingest.command';
import { registerLinkPayments } from './link-payments.command';
import { registerExportPayments } from './export-payments.command';

/** Each command lives in its own file and is registered here, one line each. */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [registerServe, registerLink, registerExportPersons, registerDbMigrate, registerToken, registerAudit, registerGenerate, registerLinkFiles, registerTrain, registerEvaluate, registerIngest, registerLinkPayments, registerExportPayments];
