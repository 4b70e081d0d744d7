import { normaliseHeader, type FeedMapping } from '../feed-mapping';
import type { FeedSchema } from '../schema';
import { capRaw, decodeRow, isBlank, withoutCr, type FeedRow, type ReadLimits } from './feed-row';
import { RecordScanner } from './record-scanner';

/**
 * Reads a JSON lines feed (one JSON object per line) as rows under canonical column names. Keys
 * go through the mapping like CSV headers; with no header to refuse, an unknown key rejects its
 * row. Numbers and booleans are read as their text; null is blank.
 */
/** Characters JSON can escape but PostgreSQL text and jsonb cannot store. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export async function* readJsonlRows(
  input: AsyncIterable<Buffer>,
  schema: FeedSchema,
  mapping: FeedMapping,
  limits: ReadLimits,
): AsyncGenerator<FeedRow> {
  const scanner = new RecordScanner(false, limits.maxRowBytes);
  const canonical = schema.columns.map((c) => c.name);

  function* drain(): Generator<FeedRow> {
    for (;;) {
      const record = scanner.next();
      if (record === 'more' || record === 'done') return;
      const bytes = withoutCr(record.bytes);
      if (isBlank(bytes) && !record.problem) continue;
      const { text, problem: encoding } = decodeRow(bytes);
      const problems: string[] = [];
      if (record.problem) problems.push(record.problem);
      if (encoding) problems.push(encoding);
      const raw = capRaw(text, record.problem ? bytes.length : undefined);
      if (record.problem || encoding) {
        yield { line: record.line, raw, values: null, problems };
        continue;
      }
      yield { line: record.line, raw, ...toValues(text, canonical, mapping, limits, problems) };
    }
  }

  for await (const chunk of input) {
    scanner.append(chunk);
    yield* drain();
  }
  scanner.end();
  yield* drain();
}

function toValues(
  text: string,
  canonical: readonly string[],
  mapping: FeedMapping,
  limits: ReadLimits,
  problems: string[],
): { values: Record<string, string | null> | null; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push('invalid JSON');
    return { values: null, problems };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('not a JSON object');
    return { values: null, problems };
  }
  const values: Record<string, string | null> = {};
  for (const name of canonical) values[name] = null;
  for (const [key, value] of Object.entries(parsed)) {
    const header = normaliseHeader(key);
    if (mapping.ignore.has(header)) continue;
    const target = mapping.columns.get(header);
    if (!target) {
      problems.push(`unknown field "${key}"`);
      continue;
    }
    let text: string | null;
    if (value === null || value === undefined) text = null;
    else if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
    else {
      problems.push(`${target} is not a single value`);
      continue;
    }
    if (text !== null && UNSTORABLE.test(text)) {
      problems.push(`${target} holds a NUL character or a broken surrogate pair`);
      continue;
    }
    if (text !== null && text.length > limits.maxFieldLength) {
      problems.push(`huge field: ${target} is ${text.length} characters (limit ${limits.maxFieldLength})`);
      continue;
    }
    values[target] = text === null || text.trim() === '' ? null : text;
  }
  return { values, problems };
}
