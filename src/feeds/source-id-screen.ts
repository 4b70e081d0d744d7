/**
 * What this process can tell about a row's source id before the database sees it, in memory that
 * does not grow with the file: a Bloom filter over every id of the file so far (fixed size) and a
 * map of the current batch's ids (bounded by the batch).
 *
 * - `first`: the id is certainly not in an earlier row of the file (not in the filter): the row's
 *   occurrence stands, and the database need only remember it (no lookup of earlier batches).
 * - `duplicate`: the id is in an earlier row of this batch whose own occurrence was `first`, so
 *   that row is the file's first occurrence and its line is known exactly.
 * - `check`: the filter cannot rule out an earlier occurrence (an earlier batch, or a false
 *   positive); the database decides against its record of the file's ids (feed_seen).
 */
export type SourceIdVerdict =
  { kind: 'first' } | { kind: 'check' } | { kind: 'duplicate'; firstLine: number };

/** 2^26 bits (8 MiB): about one false positive in 10,000 ids at a million ids, 5% at ten million. */
export const SOURCE_ID_FILTER_BITS_LOG2 = 26;
const HASHES = 3;
const FIRST: SourceIdVerdict = Object.freeze({ kind: 'first' });
const CHECK: SourceIdVerdict = Object.freeze({ kind: 'check' });

export class SourceIdScreen {
  /** Null: no filter (every id is `check`). */
  private readonly bits: Uint32Array | null;
  private readonly mask: number;
  /** The batch's ids: the line of its first row with that id, negative when that row was `check`. */
  private batch = new Map<string, number>();

  /**
   * bitsLog2: the filter's size (5 to 30), or 0 for no filter at all, so that the database decides
   * every id, first occurrences included (tests).
   */
  constructor(bitsLog2 = SOURCE_ID_FILTER_BITS_LOG2) {
    if (!Number.isInteger(bitsLog2) || (bitsLog2 !== 0 && (bitsLog2 < 5 || bitsLog2 > 30)))
      throw new Error(`filter size 2^${bitsLog2} bits`);
    this.bits = bitsLog2 === 0 ? null : new Uint32Array(2 ** (bitsLog2 - 5));
    this.mask = 2 ** bitsLog2 - 1;
  }

  /** Called once per row with a source id, in file order. */
  screen(sourceId: string, line: number): SourceIdVerdict {
    const inBatch = this.batch.get(sourceId);
    if (inBatch !== undefined) return inBatch > 0 ? { kind: 'duplicate', firstLine: inBatch } : CHECK;
    const seen = this.testAndSet(sourceId);
    this.batch.set(sourceId, seen ? -line : line);
    return seen ? CHECK : FIRST;
  }

  /** A new batch starts: ids of earlier batches are known only to the filter from now on. */
  nextBatch(): void {
    this.batch = new Map();
  }

  /** Whether the id may have been added before (false: certainly not); adds it. */
  private testAndSet(id: string): boolean {
    if (this.bits === null) return true;
    // Two 32-bit FNV-1a hashes with different offsets, combined by double hashing.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ 0x5bd1e995;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h2 |= 1;
    let present = true;
    for (let k = 0; k < HASHES; k++) {
      const bit = (h1 + Math.imul(k, h2)) & this.mask;
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      const bits = this.bits[word] ?? 0;
      if ((bits & mask) === 0) {
        present = false;
        this.bits[word] = bits | mask;
      }
    }
    return present;
  }
}
