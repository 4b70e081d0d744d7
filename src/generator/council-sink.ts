/**
 * Where generated rows go. The generator calls `row` synchronously per record and `drain` every
 * few hundred children, so a streaming sink keeps memory flat however many children are asked for.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { columnsOf, GENERATED_FILES, type GeneratedFile } from './model';

export interface CouncilSink {
  row(file: GeneratedFile, values: readonly string[]): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 CSV: quote a field only when it holds a comma, quote or line break. */
export function csvLine(values: readonly string[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    if (i > 0) line += ',';
    line += NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }
  return `${line}\n`;
}

/** Bytes buffered per file before handing a chunk to the stream. */
const CHUNK = 256 * 1024;

/** Writes every file under one directory (truth files under `truth/`), header row first. */
export class DirectorySink implements CouncilSink {
  private readonly streams = new Map<GeneratedFile, WriteStream>();
  private readonly buffers = new Map<GeneratedFile, string>();

  constructor(readonly directory: string) {
    for (const file of GENERATED_FILES) {
      const path = DirectorySink.pathOf(directory, file);
      mkdirSync(dirname(path), { recursive: true });
      this.streams.set(file, createWriteStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 }));
      this.buffers.set(file, csvLine(columnsOf(file)));
    }
  }

  static pathOf(directory: string, file: GeneratedFile): string {
    return join(directory, `${file}.csv`);
  }

  row(file: GeneratedFile, values: readonly string[]): void {
    const buffered = (this.buffers.get(file) ?? '') + csvLine(values);
    if (buffered.length >= CHUNK) {
      this.streams.get(file)?.write(buffered);
      this.buffers.set(file, '');
    } else {
      this.buffers.set(file, buffered);
    }
  }

  async drain(): Promise<void> {
    for (const stream of this.streams.values()) {
      if (stream.writableNeedDrain) await once(stream, 'drain');
    }
  }

  async close(): Promise<void> {
    const finished: Array<Promise<unknown>> = [];
    for (const [file, stream] of this.streams) {
      const rest = this.buffers.get(file);
      if (rest) stream.write(rest);
      this.buffers.set(file, '');
      finished.push(once(stream, 'finish'));
      stream.end();
    }
    await Promise.all(finished);
  }
}

/** Keeps every file as text in memory: for tests and small in-process uses. */
export class MemorySink implements CouncilSink {
  private readonly texts = new Map<GeneratedFile, string[]>();

  constructor() {
    for (const file of GENERATED_FILES) this.texts.set(file, [csvLine(columnsOf(file))]);
  }

  row(file: GeneratedFile, values: readonly string[]): void {
    this.texts.get(file)?.push(csvLine(values));
  }

  async drain(): Promise<void> {}

  async close(): Promise<void> {}

  /** The file as it would be written, header row first. */
  text(file: GeneratedFile): string {
    return (this.texts.get(file) ?? []).join('');
  }
}
