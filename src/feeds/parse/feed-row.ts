import { isUtf8 } from 'node:buffer';

/** One data row as read from a file, before validation. */
export interface FeedRow {
  /** The file line the row starts on (the header is line 1), so a steward can find it. */
  line: number;
  /** The row's text as read (capped at RAW_TEXT_LIMIT); decoded as Latin-1 when it is not UTF-8. */
  raw: string;
  /** Canonical column → value (null when blank or absent); null when the row could not be split. */
  values: Record<string, string | null> | null;
  /** Structural problems found while reading: quoting, encoding, size, column count, JSON. */
  problems: string[];
}

export interface ReadLimits {
  /** Longest field accepted, in characters; longer → the row is rejected ("huge field"). */
  maxFieldLength: number;
  /** Longest row held in memory, in bytes; past it the row is rejected and skipped to its end. */
  maxRowBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxFieldLength: 4096, maxRowBytes: 1 << 20 };

/** Quarantine keeps enough of a rejected row to see what went wrong, never megabytes of it. */
export const RAW_TEXT_LIMIT = 8192;

export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;

/** A row's bytes as text: UTF-8 when valid, else Latin-1 so the bytes stay visible, with the reason. */
export function decodeRow(bytes: Buffer): { text: string; problem?: string } {
  // PostgreSQL text cannot hold NUL: such a row is binary damage, kept visible without it.
  if (bytes.includes(0)) {
    return {
      text: bytes.toString(isUtf8(bytes) ? 'utf8' : 'latin1').replace(/\u0000/g, ''),
      problem: 'contains NUL bytes',
    };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  let offset = 0;
  while (offset < bytes.length && (bytes[offset] ?? 0) < 0x80) offset++;
  const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return {
    text: bytes.toString('latin1'),
    problem: `not valid UTF-8 (byte 0x${byte} at position ${offset + 1}); re-export the file as UTF-8`,
  };
}

export function capRaw(text: string, totalBytes?: number): string {
  if (text.length <= RAW_TEXT_LIMIT && totalBytes === undefined) return text;
  return `${text.slice(0, RAW_TEXT_LIMIT)}… [truncated: ${totalBytes ?? Buffer.byteLength(text)} bytes in all]`;
}

/** Drops a trailing carriage return (CRLF files). */
export function withoutCr(bytes: Buffer): Buffer {
  return bytes.length && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

export function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  return true;
}
