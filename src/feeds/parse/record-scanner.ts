import { LF, QUOTE } from './feed-row';

/** A record's bytes as cut from the stream, with where it started. */
export interface ScannedRecord {
  line: number;
  bytes: Buffer;
  /** Quoted newlines made this record span several file lines. */
  spansLines: boolean;
  /** Set when the record could not be cut cleanly (unclosed quote, over the size limit). */
  problem?: string;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Cuts a byte stream into records at newlines, honouring double-quoted fields (CSV) when asked.
 * Works on bytes, not text, so an encoding problem stays confined to its own row and a chunk
 * boundary inside a multi-byte character does no harm. Memory is bounded by maxRowBytes plus one
 * chunk: a record longer than that is reported and skipped to its end, never buffered whole.
 *
 * Broken quoting is recovered locally: when a quote is not closed within the row's line (the
 * file ends, or maxRowBytes pass, or the caller finds the multi-line record malformed and calls
 * rewindToFirstLine), only that first line is rejected and reading resumes on the next line.
 */
export class RecordScanner {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private line = 1;
  private eof = false;
  private first = true;
  private skipping = false;
  private lastStart = 0;
  private lastLine = 1;

  constructor(
    private readonly quoteAware: boolean,
    private readonly maxRowBytes: number,
  ) {}

  append(chunk: Buffer): void {
    let data = chunk;
    if (this.first) {
      this.first = false;
      if (data.subarray(0, 3).equals(BOM)) data = data.subarray(3);
    }
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), data]) : data;
    this.pos = 0;
  }

  end(): void {
    this.eof = true;
  }

  /** The next record; 'more' when the buffer holds no complete record yet; 'done' at the end. */
  next(): ScannedRecord | 'more' | 'done' {
    const b = this.buf;
    if (this.skipping) {
      const nl = b.indexOf(LF, this.pos);
      if (nl < 0) {
        this.pos = b.length;
        return this.eof ? 'done' : 'more';
      }
      this.pos = nl + 1;
      this.line++;
      this.skipping = false;
    }
    const start = this.pos;
    if (start >= b.length) return this.eof ? 'done' : 'more';
    const nl = b.indexOf(LF, start);
    const quote = this.quoteAware ? b.indexOf(QUOTE, start) : -1;
    if (quote < 0 || (nl >= 0 && quote > nl)) {
      if (nl >= 0) return this.take(start, nl, nl + 1, false);
      if (this.eof) return this.take(start, b.length, b.length, false);
      return b.length - start > this.maxRowBytes ? this.oversize(start) : 'more';
    }
    // A quote opens before the line ends: find the newline that is outside quotes.
    let inQuotes = false;
    let i = quote;
    for (; i < b.length; i++) {
      const byte = b[i];
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === LF && !inQuotes) break;
    }
    if (i < b.length) return this.take(start, i, i + 1, nl >= 0 && nl < i);
    if (!this.eof && b.length - start <= this.maxRowBytes) return 'more';
    if (!inQuotes) return this.eof ? this.take(start, b.length, b.length, false) : this.oversize(start);
    // The quote never closes (file end or size limit): reject its first line, resume after it.
    const problem = 'broken quoting: a quoted field is not closed';
    if (nl >= 0) return { ...this.take(start, nl, nl + 1, false), problem };
    if (this.eof) return { ...this.take(start, b.length, b.length, false), problem };
    return this.oversize(start);
  }

  /** Re-cuts the last (multi-line) record to its first line only; reading resumes on the next. */
  rewindToFirstLine(): ScannedRecord {
    const nl = this.buf.indexOf(LF, this.lastStart);
    this.pos = nl + 1;
    this.line = this.lastLine + 1;
    return { line: this.lastLine, bytes: this.buf.subarray(this.lastStart, nl), spansLines: false };
  }

  private take(start: number, end: number, next: number, spansLines: boolean): ScannedRecord {
    this.lastStart = start;
    this.lastLine = this.line;
    const record: ScannedRecord = { line: this.line, bytes: this.buf.subarray(start, end), spansLines };
    if (spansLines) {
      for (let i = start; i < next; i++) if (this.buf[i] === LF) this.line++;
    } else if (next > end) this.line++;
    this.pos = next;
    return record;
  }

  private oversize(start: number): ScannedRecord {
    const record: ScannedRecord = {
      line: this.line,
      bytes: this.buf.subarray(start, Math.min(this.buf.length, start + 8192)),
      spansLines: false,
      problem: `row is longer than ${this.maxRowBytes} bytes`,
    };
    this.lastStart = start;
    this.lastLine = this.line;
    this.pos = this.buf.length;
    this.skipping = true;
    return record;
  }
}
