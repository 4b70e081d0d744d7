import type { FeedMapping } from '../feed-mapping';
import { FileRefusedError } from '../feed-errors';
import type { FeedSchema } from '../schema';

/** A file's columns resolved against a mapping: for each source position, its canonical column. */
export interface ResolvedColumns {
  /** Source headers as written. */
  sources: readonly string[];
  /** Canonical column per source position; undefined for an ignored column. */
  targets: ReadonlyArray<string | undefined>;
  /** Every canonical column of the feed (absent ones read as blank). */
  canonical: readonly string[];
}

/**
 * Maps source headers to canonical columns. Every problem is collected so the error names them
 * all at once: unknown columns (neither mapped nor ignored), two columns mapped to one, and
 * required canonical columns no source column provides.
 */
export function resolveColumns(
  normalised: readonly string[],
  sources: readonly string[],
  schema: FeedSchema,
  mapping: FeedMapping,
): ResolvedColumns {
  const problems: string[] = [];
  const targets: Array<string | undefined> = [];
  const seen = new Map<string, string>();
  normalised.forEach((header, index) => {
    const source = sources[index] ?? header;
    if (mapping.ignore.has(header)) {
      targets.push(undefined);
      return;
    }
    const target = mapping.columns.get(header);
    if (!target) {
      problems.push(
        `unknown column "${source.trim()}" (not in mapping ${mapping.name}; map it or list it under ignore)`,
      );
      targets.push(undefined);
      return;
    }
    const previous = seen.get(target);
    if (previous !== undefined)
      problems.push(`columns "${previous}" and "${source.trim()}" both map to ${target}`);
    seen.set(target, source.trim());
    targets.push(target);
  });
  for (const column of schema.columns) {
    if (column.required && !seen.has(column.name)) problems.push(`missing required column "${column.name}"`);
  }
  if (problems.length) throw new FileRefusedError(`${schema.feed}: ${problems.join('; ')}`);
  return { sources, targets, canonical: schema.columns.map((c) => c.name) };
}
