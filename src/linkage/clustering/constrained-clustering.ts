/**
 * Clustering with constraints, not bare connected components. Links are taken strongest first
 * and two clusters merge only if no record of one conflicts with any record of the other (a
 * cannot-link rule or a manual must-not-link). So a chain A~B~C with A≁C keeps C apart once
 * A and B are joined: a chain cannot glue two people together.
 */

export interface ClusterEdge {
  left: number;
  right: number;
  /** Higher merges first (match weight; deterministic and manual links use +Infinity). */
  strength: number;
}

/** Edges as parallel typed arrays: a million edges as objects cost more to build than to cluster. */
export interface EdgeList {
  left: Int32Array;
  right: Int32Array;
  strength: Float64Array;
  length: number;
}

export interface ClusteringInput {
  size: number;
  /** Candidate links, already filtered to those at or above the threshold. */
  edges: readonly ClusterEdge[] | EdgeList;
  /**
   * Manual links a steward made: applied first, obeyed unless they contradict a manual
   * must-not-link or a hard conflict.
   */
  mustLink?: ReadonlyArray<readonly [number, number]>;
  /** Manual separations: never in one cluster. */
  mustNotLink?: ReadonlyArray<readonly [number, number]>;
  /** Rule-based conflict between two records (rule name), or null. Manual links override it. */
  conflict?: (i: number, j: number) => string | null;
  /**
   * Conflicts not even a manual link overrides (pre- and post-adoption identities, different
   * valid NHS numbers): checked across the whole of both clusters on every must-link too, so a
   * chain of manual links cannot join them either.
   */
  hardConflict?: (i: number, j: number) => string | null;
  /** Merges that would put more than this many record pairs to check are refused (guard against giant clusters). */
  maxCrossChecks?: number;
}

export interface RefusedMerge {
  left: number;
  right: number;
  /** The two records found to conflict, and why. */
  conflictLeft: number;
  conflictRight: number;
  reason: string;
}

export interface ClusteringResult {
  /** Cluster id per record: the smallest record index in its cluster. */
  clusterOf: Int32Array;
  clusters: number;
  refused: RefusedMerge[];
}

export function clusterWithConstraints(input: ClusteringInput): ClusteringResult {
  const { size } = input;
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const members: Array<number[] | undefined> = [];
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[x] !== root) {
      const next = parent[x]!;
      parent[x] = root;
      x = next;
    }
    return root;
  };
  const membersOf = (root: number): number[] => members[root] ?? [root];
  const forbidden = new Map<number, Set<number>>();
  for (const [a, b] of input.mustNotLink ?? []) {
    if (!forbidden.has(a)) forbidden.set(a, new Set());
    if (!forbidden.has(b)) forbidden.set(b, new Set());
    forbidden.get(a)!.add(b);
    forbidden.get(b)!.add(a);
  }
  const maxChecks = input.maxCrossChecks ?? 250_000;
  const refused: RefusedMerge[] = [];

  const findConflict = (ra: number, rb: number, useRules: boolean): Omit<RefusedMerge, 'left' | 'right'> | null => {
    const xs = membersOf(ra);
    const ys = membersOf(rb);
    if (forbidden.size) {
      for (const x of xs) {
        const bad = forbidden.get(x);
        if (!bad) continue;
        for (const y of ys) if (bad.has(y)) return { conflictLeft: x, conflictRight: y, reason: 'manual must-not-link' };
      }
    }
    // Ordinary links check every rule; manual links only the hard ones.
    const check = useRules ? input.conflict : input.hardConflict;
    if (!check) return null;
    if (xs.length * ys.length > maxChecks) return { conflictLeft: xs[0]!, conflictRight: ys[0]!, reason: 'cluster too large to verify' };
    for (const x of xs) {
      for (const y of ys) {
        const reason = check(x, y);
        if (reason) return { conflictLeft: x, conflictRight: y, reason };
      }
    }
    return null;
  };

  const union = (ra: number, rb: number): void => {
    const [big, small] = membersOf(ra).length >= membersOf(rb).length ? [ra, rb] : [rb, ra];
    const merged = membersOf(big);
    for (const m of membersOf(small)) merged.push(m);
    members[big] = merged;
    members[small] = undefined;
    parent[small] = big;
  };

  const tryMerge = (left: number, right: number, useRules: boolean): void => {
    const ra = find(left);
    const rb = find(right);
    if (ra === rb) return;
    const conflict = findConflict(ra, rb, useRules);
    if (conflict) refused.push({ left, right, ...conflict });
    else union(ra, rb);
  };

  for (const [a, b] of input.mustLink ?? []) tryMerge(a, b, false);
  const edges: EdgeList = Array.isArray(input.edges)
    ? {
        left: Int32Array.from(input.edges as readonly ClusterEdge[], (e) => e.left),
        right: Int32Array.from(input.edges as readonly ClusterEdge[], (e) => e.right),
        strength: Float64Array.from(input.edges as readonly ClusterEdge[], (e) => e.strength),
        length: input.edges.length,
      }
    : (input.edges as EdgeList);
  const order = Uint32Array.from({ length: edges.length }, (_, k) => k).sort((x, y) => edges.strength[y]! - edges.strength[x]! || x - y);
  for (const k of order) tryMerge(edges.left[k]!, edges.right[k]!, true);

  // Cluster id: the smallest member index, so ids do not depend on merge order.
  const clusterOf = new Int32Array(size);
  const smallest = new Int32Array(size).fill(-1);
  for (let i = 0; i < size; i++) {
    const root = find(i);
    if (smallest[root]! < 0) smallest[root] = i;
    clusterOf[i] = smallest[root]!;
  }
  let clusters = 0;
  for (let i = 0; i < size; i++) if (clusterOf[i] === i) clusters++;
  return { clusterOf, clusters, refused };
}
