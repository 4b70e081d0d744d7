import type { DemoDataStatus } from './demo-data-status';

/** Loads a generated council's feeds and links them when the database is empty. */
export interface DemoDataLoader {
  loadIfEmpty(children: number, status: DemoDataStatus): Promise<void>;
}
export const DEMO_DATA_LOADER = Symbol('DEMO_DATA_LOADER');
