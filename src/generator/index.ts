/** The synthetic council generator's public surface (see README.md beside this file). */
export { generateCouncil, checkGenerateOptions, MAX_CHILDREN } from './council-generator';
export type { GenerateOptions, GenerateSummary, Reality } from './council-generator';
export { DirectorySink, MemorySink, csvLine } from './council-sink';
export type { CouncilSink } from './council-sink';
export { FEED_COLUMNS, FEED_NAMES, TRUTH_COLUMNS, GENERATED_FILES, columnsOf } from './model';
export type { FeedName, GeneratedFile, TruthName } from './model';
export { REALITY_RATES, DEFAULT_AS_OF } from './generator-config';
