/** What a load did; returned by IngestService.ingestFile and passed to LoadEvents listeners. */
export interface LoadSummary {
  loadId: string;
  feed: string;
  fileName: string;
  /** sha256 of the file's bytes, hex. */
  checksum: string;
  /** The mapping file's name, or "canonical". */
  mapping: string;
  format: 'csv' | 'jsonl';
  status: 'completed' | 'failed';
  /** Why a failed load failed (names the column or setting at fault); null when completed. */
  error: string | null;
  /** Data rows read (blank lines and the header are not rows). read = accepted + rejected + unchanged. */
  read: number;
  /** New records plus new versions of changed records. */
  accepted: number;
  /** Quarantined rows, each with its reasons. */
  rejected: number;
  /** Rows identical to the record's current version: nothing written. */
  unchanged: number;
  newRecords: number;
  changedRecords: number;
  /** Things a steward should know that did not reject rows (header only, non-UTF-8 rows…). */
  warnings: string[];
  durationMs: number;
}
