import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Readable } from 'node:stream';
import { FileRefusedError, LoadInvariantError, safeLoadError } from './feed-errors';
import { loadMapping, type FeedMapping } from './feed-mapping';
import { IngestRepository, type BatchVerdicts, type BatchWrites } from './ingest.repository';
import { arrayLiteral, copyField, copyLine } from './copy-text';
import { LoadEvents } from './load-events';
import type { LoadSummary } from './load-summary';
import { readCsvRows } from './parse/csv-feed-reader';
import { DEFAULT_READ_LIMITS, type FeedRow, type ReadLimits } from './parse/feed-row';
import { readJsonlRows } from './parse/jsonl-feed-reader';
import { SourceIdScreen, type SourceIdVerdict } from './source-id-screen';
import { feedSchema, isFeedName, FEED_NAMES, type FeedSchema } from './schema';
import { RowValidator, type ValidatedRow } from './validate/row-validator';

export interface IngestOptions {
  /** A council mapping file (matching-rules/feeds/*.yaml); the feed's canonical mapping when omitted. */
  mapping?: string;
  /** csv or jsonl; else the mapping's, else from the extension (.jsonl/.ndjson → jsonl, else csv). */
  format?: 'csv' | 'jsonl';
  /** Today's date (ISO) for "future date" checks; defaults to the current UTC date. */
  today?: string;
  limits?: Partial<ReadLimits>;
  /** Rows per checked and written batch (tests use tiny batches to cross batch boundaries). */
  batchRows?: number;
  /**
   * Size (log2 bits) of the filter that rules out earlier occurrences of a source id without asking
   * the database (tests use 0, no filter, so ids seen for the first time are checked there too).
   */
  sourceIdFilterBits?: number;
  /** Called as the file is read: bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

const CHUNK_BYTES = 256 * 1024;
/** COPY text is sent in chunks of this many rows: few writes, no giant strings. */
const COPY_CHUNK_ROWS = 1000;
/**
 * Rows checked and written together: enough that per-batch SQL overhead is small, few enough that
 * a batch held in memory (~1 KB a row as COPY text; two batches at a time, one written while the
 * next is checked) stays around 10 MB.
 */
const DEFAULT_BATCH_ROWS = 10_000;
/**
 * Rows parsed between turns of the event loop (about 1 ms of parsing). The writer's COPY data
 * reaches the socket only in those turns, a socket buffer at a time: at 256 rows a turn (~8 ms)
 * the writer's backend waited for data a third of the time (its statements took ~50 s of a 1M-row
 * load for ~33 s of its CPU), at 32 about a sixth (32–33 s for ~27 s), and the load took 38.5–39.8 s
 * against 45.0–54.1 s in alternate runs (wall time over the process's own CPU time 1.28–1.33
 * against 1.44–1.46). 16 and 64 rows measured no better than 32.
 */
const YIELD_ROWS = 32;

/**
 * Loads one feed file: parse (streaming), validate every row, quarantine bad rows with every
 * reason, write new records and new versions of changed ones, count unchanged ones, record data
 * quality, all in one transaction. The load record (feed_load) is written before and finished
 * after; a failure rolls the load's work back and leaves the record as failed with its error.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);

  constructor(
    @Inject(IngestRepository) private readonly repository: IngestRepository,
    @Inject(LoadEvents) private readonly events: LoadEvents,
  ) {}

  async ingestFile(feed: string, path: string, options: IngestOptions = {}): Promise<LoadSummary> {
    const started = performance.now();
    const { size } = await stat(path);
    const checksum = await sha256File(path);
    const summary: LoadSummary = {
      loadId: '',
      feed,
      fileName: basename(path),
      checksum,
      mapping: options.mapping ? basename(options.mapping) : 'canonical',
      format: options.format ?? (/\.(jsonl|ndjson)$/i.test(extname(path)) ? 'jsonl' : 'csv'),
      status: 'failed',
      error: null,
      read: 0,
      accepted: 0,
      rejected: 0,
      unchanged: 0,
      newRecords: 0,
      changedRecords: 0,
      warnings: [],
      durationMs: 0,
    };
    let mapping: FeedMapping | null = null;
    let schema: FeedSchema | null = null;
    let refusal: string | null = null;
    try {
      if (!isFeedName(feed))
        throw new FileRefusedError(`unknown feed "${feed}"; choose from ${FEED_NAMES.join(', ')}`);
      schema = feedSchema(feed);
      mapping = loadMapping(feed, options.mapping);
      summary.format = options.format ?? mapping.format ?? summary.format;
    } catch (error) {
      refusal = error instanceof Error ? error.message : String(error);
    }
    summary.loadId = await this.repository.createLoad({
      feed,
      fileName: summary.fileName,
      checksum,
      mapping: summary.mapping,
      format: summary.format,
    });
    try {
      if (refusal !== null || !mapping || !schema) throw new FileRefusedError(refusal ?? 'no mapping');
      await this.load(summary, schema, mapping, path, size, options);
      summary.status = 'completed';
    } catch (error) {
      // Only a description that cannot carry row values: a PostgreSQL message can quote one
      // (`invalid input syntax for type date: "…"`), and feed_load.error is served over GraphQL.
      const message = safeLoadError(error);
      Object.assign(summary, {
        status: 'failed',
        error: message,
        read: 0,
        accepted: 0,
        rejected: 0,
        unchanged: 0,
      });
      Object.assign(summary, { newRecords: 0, changedRecords: 0 });
      await this.repository.failLoad(summary.loadId, message);
      // A refused file is expected bad input; anything else is worth an operator's attention.
      if (!(error instanceof FileRefusedError))
        this.logger.error(`load ${summary.loadId} failed: ${message}`);
    }
    summary.durationMs = Math.round(performance.now() - started);
    if (summary.status === 'completed' && summary.accepted > 0) await this.events.emit(summary);
    return summary;
  }

  private async load(
    summary: LoadSummary,
    schema: FeedSchema,
    mapping: FeedMapping,
    path: string,
    size: number,
    options: IngestOptions,
  ): Promise<void> {
    const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    const validator = new RowValidator(schema, mapping, today);
    const chunks = fileChunks(path, size, options.onProgress);
    const rows =
      summary.format === 'jsonl'
        ? readJsonlRows(chunks, schema, mapping, limits)
        : readCsvRows(chunks, schema, mapping, limits);
    let read = 0;
    let notUtf8 = 0;
    let sourceIdsPresent = 0;
    // The header is read (and a refused file refused) before any database work starts.
    const first = await rows.next();
    const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    const screen = new SourceIdScreen(options.sourceIdFilterBits);

    /**
     * The file as batches: each row's part for the checker as COPY text (chunks of COPY_CHUNK_ROWS
     * rows), and what the writer needs of it once the checker has spoken (held until then: memory
     * is bounded by the batch, not the file).
     */
    async function* batches(): AsyncGenerator<ParsedBatch> {
      let batch: ParsedBatch = { check: [], rows: [] };
      // Joined per chunk: one flat string instead of thousands of small ones held by the batch.
      let lines: string[] = [];
      const take = (row: FeedRow): void => {
        read++;
        if (row.problems.some((p) => p.startsWith('not valid UTF-8'))) notUtf8++;
        const validated = validator.validate(row);
        let verdict: SourceIdVerdict | null = null;
        if (validated.sourceId !== null) {
          sourceIdsPresent++;
          verdict = screen.screen(validated.sourceId, validated.line);
          // The first occurrence stands; a later one in the same batch is known here exactly.
          if (verdict.kind === 'duplicate') validated.reasons.push(duplicateReason(verdict.firstLine));
        }
        lines.push(checkLine(validated, verdict));
        batch.rows.push(pendingRow(validated, verdict));
        if (lines.length >= COPY_CHUNK_ROWS) {
          batch.check.push(lines.join(''));
          lines = [];
        }
      };
      if (!first.done) take(first.value);
      for await (const row of rows) {
        take(row);
        // Parsing a file chunk never waits, so without this the loop would hold the event loop
        // for thousands of rows while PostgreSQL's answers (and the next batch's turn) wait.
        if (read % YIELD_ROWS === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        if (batch.rows.length >= batchRows) {
          if (lines.length) batch.check.push(lines.join(''));
          yield batch;
          [batch, lines] = [{ check: [], rows: [] }, []];
          screen.nextBatch();
        }
      }
      if (lines.length) batch.check.push(lines.join(''));
      if (batch.rows.length) yield batch;
    }

    const counts = { rejected: 0, inserted: 0, changed: 0, unchanged: 0 };
    const feedField = copyField(schema.feed);
    await this.repository.inTransaction(async (client) => {
      await this.repository.lockFeed(client, schema.feed, summary.loadId);
      const interrupted = await this.repository.failInterruptedLoads(client, schema.feed, summary.loadId);
      if (interrupted > 0)
        this.logger.warn(
          `load ${summary.loadId}: ${interrupted} earlier ${schema.feed} load(s) were interrupted; marked failed`,
        );
      await this.repository.withChecker(async (checker) => {
        // Once per load: rows this load writes stay invisible to the checker until it commits.
        await this.repository.ensurePlannerStatistics();
        const feedHasRecords = await this.repository.feedHasRecords(checker, schema.feed);
        // Pipelined: while the writer's connection writes batch k, this process parses and
        // validates batch k+1 and the checker's connection checks it. (Parsing k+2 during that
        // check as well measured no faster: the three then share two cores with the writer.)
        const producer = batches();
        const nextChecked = async (): Promise<{ batch: ParsedBatch; verdicts: BatchVerdicts } | null> => {
          const parsed = await producer.next();
          if (parsed.done) return null;
          const check = Readable.from(parsed.value.check, { objectMode: false });
          return {
            batch: parsed.value,
            verdicts: await this.repository.checkBatch(checker, schema.feed, check, feedHasRecords),
          };
        };
        let next = nextChecked();
        // Handled when awaited below; this only stops a rejection while a batch is written from
        // being reported as unhandled.
        next.catch(() => undefined);
        try {
          for (;;) {
            const checked = await next;
            if (!checked) break;
            next = nextChecked();
            next.catch(() => undefined);
            const writes = batchWrites(checked.batch, checked.verdicts, feedField, summary.loadId);
            counts.unchanged += writes.unchanged;
            const written = await this.repository.writeBatch(client, writes);
            counts.rejected += written.rejected;
            counts.inserted += written.inserted;
            counts.changed += written.changed;
          }
        } finally {
          await next.catch(() => undefined);
          await producer.return(undefined);
        }
        summary.read = read;
        summary.rejected = counts.rejected;
        summary.accepted = counts.inserted;
        summary.unchanged = counts.unchanged;
        summary.changedRecords = counts.changed;
        summary.newRecords = counts.inserted - counts.changed;
        if (summary.read !== summary.accepted + summary.rejected + summary.unchanged) {
          // Cannot happen unless a row is lost; refuse to commit a load whose counts do not add up.
          throw new LoadInvariantError(
            `counts do not add up: read ${summary.read}, accepted ${summary.accepted}, rejected ${summary.rejected}, unchanged ${summary.unchanged}`,
          );
        }
        await this.repository.writeQuality(
          client,
          checker,
          summary.loadId,
          validator.quality,
          schema.sourceId.length === 1 ? (schema.sourceId[0] ?? 'source_id') : 'source_id',
          sourceIdsPresent,
        );
      });
      await this.repository.completeLoad(client, summary.loadId, {
        read: summary.read,
        accepted: summary.accepted,
        rejected: summary.rejected,
        unchanged: summary.unchanged,
        changed: summary.changedRecords,
      });
    });
    if (read === 0)
      summary.warnings.push(
        summary.format === 'csv' ? 'header only: the file has no data rows' : 'the file has no rows',
      );
    if (notUtf8 > 0)
      summary.warnings.push(
        `${notUtf8} row(s) are not valid UTF-8 and were rejected; re-export the file as UTF-8`,
      );
  }
}

/** The reason a later occurrence of a source id is quarantined, wherever it was found (loader or checker). */
function duplicateReason(firstLine: number): string {
  return `duplicate source id in this file (first at line ${firstLine})`;
}

/** A row between parsing and writing: what the writer needs once the checker has spoken. */
interface PendingRow {
  line: number;
  sourceId: string | null;
  reasons: string[];
  /** Kept only for a row that is or may yet be quarantined (bad, or its id still to be checked). */
  raw: string | null;
  /** A good row's source_record fields from content_hash on, as COPY text (no newline). */
  record: string | null;
}

interface ParsedBatch {
  /** The checker's COPY text: line, source id, id state, content hash (good rows), identifiers. */
  check: string[];
  rows: PendingRow[];
}

/**
 * The checker's COPY line for a row. id_state n marks the certain first occurrence of a source id,
 * c one the loader could not rule out as a repeat; null a row without an id or a duplicate already
 * placed here. Only good rows have a content hash (and are probed).
 */
function checkLine(row: ValidatedRow, verdict: SourceIdVerdict | null): string {
  const idState = verdict?.kind === 'first' ? 'n' : verdict?.kind === 'check' ? 'c' : null;
  const good = row.reasons.length === 0;
  return copyLine([
    row.line,
    row.sourceId,
    idState,
    good ? row.contentHash : null,
    arrayLiteral(row.identifiers),
  ]);
}

function pendingRow(row: ValidatedRow, verdict: SourceIdVerdict | null): PendingRow {
  const good = row.reasons.length === 0;
  const id = row.identity;
  return {
    line: row.line,
    sourceId: row.sourceId,
    reasons: row.reasons,
    raw: good && verdict?.kind !== 'check' ? null : row.raw,
    record: good
      ? copyLine([
          row.contentHash,
          row.payloadJson,
          row.std ? JSON.stringify(row.std) : null,
          id?.forename ?? null,
          id?.middleNames ?? null,
          id?.surname ?? null,
          arrayLiteral(id?.altSurnames ?? null),
          id?.dob ?? null,
          id?.sex ?? null,
          id?.postcode ?? null,
          id?.nhsNumber ?? null,
          id?.upn ?? null,
        ]).slice(0, -1)
      : null,
  };
}

/**
 * A checked batch as the writer applies it: duplicates the checker found join the quarantine;
 * a good row identical to its record's current version is unchanged (nothing written); a changed
 * one supersedes that version and is written as the next; a new one is version 1 (or one more
 * than the highest of a record with no current version). COPY text follows the file's order.
 */
function batchWrites(
  batch: ParsedBatch,
  verdicts: BatchVerdicts,
  feedField: string,
  loadId: string,
): BatchWrites & { unchanged: number } {
  const writes: BatchWrites & { unchanged: number } = {
    quarantine: [],
    records: [],
    superseded: [],
    unchanged: 0,
  };
  let quarantine = '';
  let records = '';
  let inRecords = 0;
  for (const row of batch.rows) {
    const firstLine = verdicts.duplicates.get(row.line);
    if (firstLine !== undefined) row.reasons.push(duplicateReason(firstLine));
    if (row.reasons.length || row.record === null) {
      quarantine += copyLine([loadId, row.line, row.raw ?? '', arrayLiteral(row.reasons)]);
      continue;
    }
    const existing = verdicts.existing.get(row.line);
    if (existing?.current && existing.same) {
      writes.unchanged++;
      continue;
    }
    if (existing?.current) writes.superseded.push(existing.id);
    records += `${feedField}\t${copyField(row.sourceId)}\t${existing ? existing.version + 1 : 1}\t${loadId}\t${row.line}\t${row.record}\n`;
    if (++inRecords >= COPY_CHUNK_ROWS) {
      writes.records.push(records);
      [records, inRecords] = ['', 0];
    }
  }
  if (records) writes.records.push(records);
  if (quarantine) writes.quarantine.push(quarantine);
  return writes;
}

async function* fileChunks(
  path: string,
  size: number,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    onProgress?.(bytes, size);
    yield buffer;
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
