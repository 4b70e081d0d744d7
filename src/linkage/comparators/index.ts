/** Comparators: pure functions of two standardised values, each pinned to published values in tests. */
export * from './string-similarity';
export * from './phonetic';
export * from './nicknames';
export * from './date-similarity';
