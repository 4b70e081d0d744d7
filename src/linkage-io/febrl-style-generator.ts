import { NICKNAME_TABLE } from '../linkage/data/nicknames.generated';
import { seededRandom } from '../linkage/training/random';

/**
 * Deterministic FEBRL-style person records for scale and dedupe tests: originals ("rec-N-org")
 * and 0–4 corrupted duplicates each ("rec-N-dup-k"), with the FEBRL columns. Corruptions follow
 * the FEBRL generator's kinds: keying errors (insert, delete, substitute, transpose), swapped
 * day/month, a changed digit, missing values. Synthetic: no real person's data.
 */
export interface FebrlStyleOptions {
  records: number;
  seed: number;
  /** Share of persons with k duplicates, k = 0..4. */
  duplicateShares?: readonly number[];
  /** Most corruptions per duplicate (default 3, as FEBRL's usual setting). */
  maxCorruptions?: number;
}

/** Columnar records plus the true person of each (for evaluation only). */
export interface GeneratedRecords {
  name: string;
  columns: Record<string, string[]>;
  length: number;
  truth: string[];
}

export const FEBRL_COLUMNS = ['rec_id', 'given_name', 'surname', 'street_number', 'address_1', 'address_2', 'suburb', 'postcode', 'state', 'date_of_birth', 'soc_sec_id'] as const;


const SYLLABLES = ['ka', 'lo', 'mar', 'ten', 'ber', 'son', 'ash', 'ford', 'wel', 'ing', 'ham', 'ton', 'ley', 'den', 'ri', 'ca', 'vo', 'ne', 'sha', 'dri', 'mon', 'tay', 'lor', 'pe', 'gri', 'fin', 'nor', 'bu', 'ck', 'ell'];

function syllableWords(count: number, random: () => number, parts: [number, number]): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const n = parts[0] + Math.floor(random() * (parts[1] - parts[0] + 1));
    let word = '';
    for (let i = 0; i < n; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)]!;
    out.add(word);
  }
  return [...out];
}

/** Zipf-like sampler (exponent 0.6: skewed as names are, without giant blocks). */
function zipfPicker(size: number, random: () => number, exponent = 0.6): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let k = 0; k < size; k++) cumulative[k] = total += 1 / (k + 1) ** exponent;
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function typo(value: string, random: () => number): string {
  if (value.length < 2) return value;
  const at = Math.floor(random() * value.length);
  const letter = LETTERS[Math.floor(random() * 26)]!;
  switch (Math.floor(random() * 4)) {
    case 0:
      return value.slice(0, at) + letter + value.slice(at);
    case 1:
      return value.slice(0, at) + value.slice(at + 1);
    case 2:
      return value.slice(0, at) + letter + value.slice(at + 1);
    default:
      return at + 1 < value.length ? value.slice(0, at) + value[at + 1]! + value[at]! + value.slice(at + 2) : value;
  }
}

function digitChange(value: string, random: () => number): string {
  if (!value) return value;
  const at = Math.floor(random() * value.length);
  return value.slice(0, at) + String(Math.floor(random() * 10)) + value.slice(at + 1);
}

/** Generates the records as columns (no per-record objects), deterministically from the seed. */
export function generateFebrlStyle(options: FebrlStyleOptions): GeneratedRecords {
  const random = seededRandom(options.seed);
  const shares = options.duplicateShares ?? [0.4, 0.25, 0.15, 0.1, 0.1];
  const givenNames = [...new Set(NICKNAME_TABLE.split(';').map((e) => e.split(':')[0]!.toLowerCase()))];
  const surnames = syllableWords(30_000, random, [2, 4]);
  const streets = syllableWords(20_000, random, [1, 3]).map((w, i) => `${w} ${['street', 'road', 'avenue', 'place', 'crescent', 'circuit'][i % 6]!}`);
  const localities = syllableWords(3_000, random, [2, 3]);
  const states = ['nsw', 'vic', 'qld', 'wa', 'sa', 'tas', 'act', 'nt'];
  const pickGiven = zipfPicker(givenNames.length, random);
  const pickSurname = zipfPicker(surnames.length, random);
  const pickStreet = zipfPicker(streets.length, random);
  const pickLocality = zipfPicker(localities.length, random);

  const columns: Record<string, string[]> = Object.fromEntries(FEBRL_COLUMNS.map((c) => [c, [] as string[]]));
  const truth: string[] = [];
  const push = (row: readonly string[], entity: string): void => {
    FEBRL_COLUMNS.forEach((c, k) => columns[c]!.push(row[k]!));
    truth.push(entity);
  };
  let person = 0;
  while (truth.length < options.records) {
    const day = Math.floor(random() * 28) + 1;
    const month = Math.floor(random() * 12) + 1;
    const year = 1920 + Math.floor(random() * 90);
    const original = [
      `rec-${person}-org`,
      givenNames[pickGiven()]!,
      surnames[pickSurname()]!,
      String(1 + Math.floor(random() ** 2 * 300)),
      streets[pickStreet()]!,
      random() < 0.5 ? localities[pickLocality()]! : '',
      localities[pickLocality()]!,
      String(1000 + Math.floor(random() * 9000)),
      states[Math.floor(random() * states.length)]!,
      `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`,
      String(1_000_000 + Math.floor(random() * 9_000_000)),
    ];
    push(original, String(person));
    let r = random();
    let duplicates = 0;
    while (duplicates < shares.length - 1 && (r -= shares[duplicates]!) > 0) duplicates++;
    for (let d = 0; d < duplicates && truth.length < options.records; d++) {
      const copy = [...original];
      copy[0] = `rec-${person}-dup-${d}`;
      // 1–3 corruptions per duplicate, spread over fields as FEBRL does.
      const corruptions = 1 + Math.floor(random() * (options.maxCorruptions ?? 3));
      for (let k = 0; k < corruptions; k++) {
        const field = 1 + Math.floor(random() * 10);
        const u = random();
        if (u < 0.1) copy[field] = '';
        else if (field === 9) copy[field] = u < 0.3 && copy[9]!.length === 8 ? copy[9]!.slice(0, 4) + copy[9]!.slice(6, 8) + copy[9]!.slice(4, 6) : digitChange(copy[9]!, random);
        else if (field === 10 || field === 3 || field === 7) copy[field] = digitChange(copy[field]!, random);
        else copy[field] = typo(copy[field]!, random);
      }
      push(copy, String(person));
    }
    person++;
  }
  return { name: `febrl-style-${options.records}`, columns, length: truth.length, truth };
}
