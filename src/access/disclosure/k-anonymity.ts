/**
 * k-anonymity for pseudonymised person rows released outside the council (ICB partners): no row
 * may carry a combination of quasi-identifiers (birth month, sex, postcode sector) that fewer than
 * k children of the whole released population share, or a recipient who knows a child's birthday
 * and street could pick out their row. A row whose combination is rarer is generalised (month to
 * year, sector to district), then its birth date and geography dropped, then its sex, until at
 * least k of the rows still left at that step share it.
 *
 * k = 5: the usual minimum group size for person-level health data in England, the same order as
 * the small-number rules of NHS England's statistics (which suppress counts of 1–7; see
 * suppression.ts). The ICO's anonymisation guidance sets no fixed k: a council's data protection
 * impact assessment may choose a larger one here.
 */
export const K_ANONYMITY = 5;

export interface QuasiIdentifiers {
  /** YYYY-MM; YYYY once generalised. */
  birthMonth: string | null;
  sex: string | null;
  /** Postcode sector ("AB1 2"); the district ("AB1") once generalised. */
  postcodeSector: string | null;
}

const NOTHING: QuasiIdentifiers = { birthMonth: null, sex: null, postcodeSector: null };

/** Each coarser than the one before; the last leaves nothing to single a child out by. */
const GENERALISATIONS: ReadonlyArray<(q: QuasiIdentifiers) => QuasiIdentifiers> = [
  (q) => q,
  (q) => ({
    birthMonth: q.birthMonth?.slice(0, 4) ?? null,
    sex: q.sex,
    postcodeSector: q.postcodeSector?.split(' ')[0] ?? null,
  }),
  (q) => ({ birthMonth: null, sex: q.sex, postcodeSector: null }),
  () => NOTHING,
];

const keyOf = (q: QuasiIdentifiers): string => JSON.stringify([q.birthMonth, q.sex, q.postcodeSector]);

/**
 * The released quasi-identifiers of every child of the population (keyed by person id). Each step
 * counts only the rows no finer step could release: counting the whole population again would let
 * a generalised row be the only one of its kind among the generalised rows, and so still the child
 * whose exact combination was too rare. Rows left after every step carry no quasi-identifier.
 */
export function kAnonymise(
  population: ReadonlyMap<string, QuasiIdentifiers>,
  k: number,
): Map<string, QuasiIdentifiers> {
  const released = new Map<string, QuasiIdentifiers>();
  let remaining = [...population];
  for (const generalise of GENERALISATIONS) {
    const generalised = remaining.map(([id, q]) => [id, generalise(q)] as const);
    const counts = new Map<string, number>();
    for (const [, q] of generalised) counts.set(keyOf(q), (counts.get(keyOf(q)) ?? 0) + 1);
    for (const [id, q] of generalised) if ((counts.get(keyOf(q)) ?? 0) >= k) released.set(id, q);
    remaining = remaining.filter(([id]) => !released.has(id));
  }
  for (const [id] of remaining) released.set(id, NOTHING);
  return released;
}
