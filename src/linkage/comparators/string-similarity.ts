import { distance as fastLevenshtein } from 'fastest-levenshtein';

/**
 * Jaro similarity (Jaro 1989): matches within half the longer length, transpositions halved.
 * Hand-written because it runs hundreds of millions of times at scale and is ~2x faster than
 * natural's; pinned to the published values in the spec.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  // Reused flag buffers: this runs hundreds of millions of times at scale, allocation dominated.
  if (lb > matchedB.length || la > matchedA.length) {
    matchedA = new Uint8Array(Math.max(la, lb) * 2);
    matchedB = new Uint8Array(Math.max(la, lb) * 2);
  }
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const ca = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (!matchedB[j] && b.charCodeAt(j) === ca) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const t = transpositions / 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);

/**
 * Jaro–Winkler (Winkler 1990): prefix scale 0.1 over at most 4 common leading characters,
 * applied only when Jaro exceeds 0.7 (Winkler's boost threshold).
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** Levenshtein edit distance (insert, delete, substitute), via fastest-levenshtein. */
export function levenshtein(a: string, b: string): number {
  return fastLevenshtein(a, b);
}

/**
 * Unrestricted Damerau–Levenshtein distance (Lowrance–Wagner): adjacent transpositions count
 * one edit even when other edits sit between them ("CA" → "ABC" is 2, where the restricted
 * optimal-string-alignment variant gives 3).
 */
export function damerauLevenshtein(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (!la) return lb;
  if (!lb) return la;
  if (a === b) return 0;
  const maxDist = la + lb;
  const width = lb + 2;
  const size = (la + 2) * width;
  if (size > table.length) table = new Int32Array(size * 2);
  const d = table;
  lastRowOf.clear();
  d[0] = maxDist;
  for (let i = 0; i <= la; i++) {
    d[(i + 1) * width] = maxDist;
    d[(i + 1) * width + 1] = i;
  }
  for (let j = 0; j <= lb; j++) {
    d[j + 1] = maxDist;
    d[width + j + 1] = j;
  }
  for (let i = 1; i <= la; i++) {
    let lastMatchCol = 0;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const i1 = lastRowOf.get(cb) ?? 0;
      const j1 = lastMatchCol;
      const cost = ca === cb ? 0 : 1;
      if (!cost) lastMatchCol = j;
      const substitute = d[i * width + j]! + cost;
      const insert = d[(i + 1) * width + j]! + 1;
      const remove = d[i * width + j + 1]! + 1;
      const transpose = d[i1 * width + j1]! + (i - i1 - 1) + 1 + (j - j1 - 1);
      d[(i + 1) * width + j + 1] = Math.min(substitute, insert, remove, transpose);
    }
    lastRowOf.set(ca, i);
  }
  return d[(la + 1) * width + lb + 1]!;
}

// Reused between calls (single-threaded per isolate): no allocation per comparison.
let table = new Int32Array(1024);
const lastRowOf = new Map<number, number>();
