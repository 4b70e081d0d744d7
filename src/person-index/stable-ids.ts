/**
 * Stable person ids across link runs (DESIGN.md "Person index"). Two rules, applied in order:
 * 1. Merge: a new cluster that holds most (more than half) of the records of two or more old
 *    persons — typically all of each — joins those persons, so the oldest of them keeps its id (as
 *    a steward merge does) and the others redirect to it, however many records each brought. A
 *    merged person's stray minority elsewhere does not keep its id: the id follows its majority.
 * 2. Re-run: every other cluster keeps the id of the old person it shares most records with; ties
 *    go to the older id (smaller number). So a split keeps the id on the larger part.
 * The rules cannot compete for an id: a person has its majority in at most one cluster, and a
 * person that took part in a merge takes no cluster by rule 2. An old id no cluster keeps is
 * merged into the cluster that took most of its records (a redirect), so an old id always
 * resolves to where most of its records went. Pure: no I/O, so the rules are tested alone.
 */
export interface StableIdInput {
  /** Cluster index of each record (0..clusterCount-1). */
  clusterOf: ArrayLike<number>;
  clusterCount: number;
  /** Person id each record belonged to before this run, or null when it was not linked. */
  previousPersonOf: ReadonlyArray<string | null>;
  /** Sort key of every previous person id: smaller is older. */
  ageOf: (personId: string) => number;
}

export interface StableIdResult {
  /** Id kept by each cluster, or null when the cluster needs a new person. */
  idOfCluster: Array<string | null>;
  /** Old ids no cluster kept, with the cluster that took most of their records. */
  absorbed: Array<{ personId: string; intoCluster: number }>;
}

export function assignStableIds(input: StableIdInput): StableIdResult {
  const { clusterOf, clusterCount, previousPersonOf, ageOf } = input;
  // overlap[cluster][personId] = shared record count; only pairs that occur are kept.
  const overlap = new Map<string, number>();
  const previousIds = new Set<string>();
  for (let i = 0; i < clusterOf.length; i++) {
    const personId = previousPersonOf[i];
    if (personId === null || personId === undefined) continue;
    previousIds.add(personId);
    const key = `${clusterOf[i]}\u0000${personId}`;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const candidates = [...overlap.entries()].map(([key, count]) => {
    const sep = key.indexOf('\u0000');
    return { cluster: Number(key.slice(0, sep)), personId: key.slice(sep + 1), count };
  });
  // Largest overlap first; then the older id; then the lower cluster so the result is deterministic.
  candidates.sort(
    (a, b) => b.count - a.count || ageOf(a.personId) - ageOf(b.personId) || a.cluster - b.cluster,
  );
  const idOfCluster: Array<string | null> = new Array<string | null>(clusterCount).fill(null);
  const kept = new Set<string>();
  const bestClusterOf = new Map<string, number>();

  // Rule 1 (merge): per cluster, the old persons with more than half of their records in it.
  const recordsOf = new Map<string, number>();
  for (const personId of previousPersonOf) if (personId) recordsOf.set(personId, (recordsOf.get(personId) ?? 0) + 1);
  const majorityIn = new Map<number, string[]>();
  for (const c of candidates) {
    if (c.count * 2 <= (recordsOf.get(c.personId) ?? 0)) continue;
    const list = majorityIn.get(c.cluster) ?? [];
    list.push(c.personId);
    majorityIn.set(c.cluster, list);
  }
  const merged = new Set<string>();
  for (const [cluster, personIds] of majorityIn) {
    if (personIds.length < 2) continue;
    const oldest = personIds.reduce((a, b) => (ageOf(b) < ageOf(a) ? b : a));
    idOfCluster[cluster] = oldest;
    kept.add(oldest);
    for (const personId of personIds) merged.add(personId);
  }

  // Rule 2 (re-run): largest overlap for every cluster rule 1 left without an id.
  for (const candidate of candidates) {
    if (!bestClusterOf.has(candidate.personId)) bestClusterOf.set(candidate.personId, candidate.cluster);
    if (idOfCluster[candidate.cluster] !== null || kept.has(candidate.personId) || merged.has(candidate.personId)) continue;
    idOfCluster[candidate.cluster] = candidate.personId;
    kept.add(candidate.personId);
  }
  const absorbed: StableIdResult['absorbed'] = [];
  for (const personId of previousIds) {
    if (kept.has(personId)) continue;
    const intoCluster = bestClusterOf.get(personId);
    if (intoCluster !== undefined) absorbed.push({ personId, intoCluster });
  }
  return { idOfCluster, absorbed };
}
