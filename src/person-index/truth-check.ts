/**
 * Scores a person assignment against a generator's truth files (truth/persons.csv: feed,
 * source_id, child_id; truth/families.csv: child_id, family_id, twin_of): pairwise precision,
 * recall and F1 by counting (no pair lists, so a million records is cheap), and the persons
 * that hold two siblings, two twins, or a child's pre- and post-adoption identities.
 */
export interface TruthCheck {
  records: number;
  predictedPairs: number;
  truePairs: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
  personsWithSiblings: number;
  personsWithTwins: number;
  personsWithAdoptionIdentities: number;
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

export function checkAgainstTruth(
  personOf: ReadonlyMap<string, string>,
  childOf: ReadonlyMap<string, string>,
  families: ReadonlyMap<string, { familyId: string; twinOf: string | null }>,
): TruthCheck {
  const perPerson = new Map<string, number>();
  const perChild = new Map<string, number>();
  const perCell = new Map<string, number>();
  const childrenOfPerson = new Map<string, Set<string>>();
  let records = 0;
  for (const [key, personId] of personOf) {
    const childId = childOf.get(key);
    if (childId === undefined) continue;
    records++;
    perPerson.set(personId, (perPerson.get(personId) ?? 0) + 1);
    perChild.set(childId, (perChild.get(childId) ?? 0) + 1);
    const cell = `${personId}\u0000${childId}`;
    perCell.set(cell, (perCell.get(cell) ?? 0) + 1);
    const set = childrenOfPerson.get(personId) ?? new Set<string>();
    set.add(childId);
    childrenOfPerson.set(personId, set);
  }
  let predictedPairs = 0;
  for (const n of perPerson.values()) predictedPairs += choose2(n);
  let truePairs = 0;
  for (const n of perChild.values()) truePairs += choose2(n);
  let truePositives = 0;
  for (const n of perCell.values()) truePositives += choose2(n);
  let personsWithSiblings = 0;
  let personsWithTwins = 0;
  let personsWithAdoptionIdentities = 0;
  for (const children of childrenOfPerson.values()) {
    if (children.size < 2) continue;
    const list = [...children];
    const base = (id: string): string => id.replace(/-pre$/, '');
    if (list.some((c) => c.endsWith('-pre')) && list.some((c) => list.includes(base(c)) && c !== base(c))) personsWithAdoptionIdentities++;
    if (list.some((c) => { const twin = families.get(base(c))?.twinOf; return twin ? children.has(twin) : false; })) personsWithTwins++;
    const familyIds = list.map((c) => families.get(base(c))?.familyId).filter((f): f is string => f !== undefined);
    const distinctChildren = new Set(list.map(base));
    if (distinctChildren.size > 1 && new Set(familyIds).size < familyIds.length) personsWithSiblings++;
  }
  const precision = predictedPairs ? truePositives / predictedPairs : 1;
  const recall = truePairs ? truePositives / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    records,
    predictedPairs,
    truePairs,
    truePositives,
    precision,
    recall,
    f1,
    personsWithSiblings,
    personsWithTwins,
    personsWithAdoptionIdentities,
  };
}

/** Parses the two truth files' CSV text (ids only, no quoting needed). */
export function parseTruth(personsCsv: string, familiesCsv: string): {
  childOf: Map<string, string>;
  families: Map<string, { familyId: string; twinOf: string | null }>;
} {
  const childOf = new Map<string, string>();
  for (const line of personsCsv.split('\n').slice(1)) {
    const [feed, sourceId, childId] = line.trim().split(',');
    if (feed && sourceId && childId) childOf.set(`${feed}|${sourceId}`, childId);
  }
  const families = new Map<string, { familyId: string; twinOf: string | null }>();
  for (const line of familiesCsv.split('\n').slice(1)) {
    const [childId, familyId, twinOf] = line.trim().split(',');
    if (childId && familyId) families.set(childId, { familyId, twinOf: twinOf || null });
  }
  return { childOf, families };
}
