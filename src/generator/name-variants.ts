/**
 * How one child's name comes out differently in different systems: nicknames, one-edit typos,
 * case, hyphenation and diacritics. Nickname relations come from the linkage core's shipped table,
 * so every nickname the generator writes is one the linker can know.
 */
import { NICKNAME_TABLE } from '../linkage/data/nicknames.generated';
import { areNicknames } from '../linkage/comparators/nicknames';
import type { Prng } from './prng';

/** UK diminutives the US-centred table lacks; used only where the linkage core agrees they relate. */
const UK_DIMINUTIVES = `Alfie Ollie Olly Archie Freddie Freddy Izzy Issy Millie Milly Theo Teddy Harry Jamie Liam Lottie
Livvy Seb Ellie Georgie Becky Zac Josh Sam Dan Danny Matt Ben Eddie Ted Jess Lizzie Beth`.split(/\s+/);

function titleCase(upper: string): string {
  return upper.charAt(0) + upper.slice(1).toLowerCase();
}

let nicknameMap: Map<string, string[]> | undefined;

function buildNicknameMap(): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const entry of NICKNAME_TABLE.split(';')) {
    const [name = '', nicks = ''] = entry.split(':');
    // Prefer diminutives sharing the first letter (William → Will, not Bill): what a child is called.
    const list = nicks
      .split(',')
      .filter((n) => n.length > 1 && n !== name && n.charAt(0) === name.charAt(0))
      .map(titleCase);
    if (list.length) map.set(name, list);
  }
  for (const name of map.keys()) {
    for (const diminutive of UK_DIMINUTIVES) {
      const upper = diminutive.toUpperCase();
      const list = map.get(name);
      if (list && upper !== name && areNicknames(name, upper) && !list.includes(diminutive)) list.push(diminutive);
    }
  }
  return map;
}

/** The names a child called `forename` may be recorded under instead, or an empty list. */
export function nicknamesOf(forename: string): readonly string[] {
  nicknameMap ??= buildNicknameMap();
  const upper = forename.toUpperCase();
  const listed = nicknameMap.get(upper);
  if (listed) return listed;
  // Formal names missing from the table but paired in the core's own UK additions (Oliver → Ollie).
  const extra = UK_DIMINUTIVES.filter((d) => d.toUpperCase() !== upper && areNicknames(upper, d.toUpperCase()));
  nicknameMap.set(upper, extra);
  return extra;
}

export function sameOrNicknames(a: string, b: string): boolean {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x === y || areNicknames(x, y);
}

/** Neighbouring keys on a UK keyboard: most substitution typos hit one of them. */
const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko',
  j: 'huikmn', k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz',
  t: 'rfgy', u: 'yhji', v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};

function withCaseOf(template: string, char: string): string {
  return template === template.toUpperCase() ? char.toUpperCase() : char.toLowerCase();
}

/**
 * One edit: keyboard-neighbour substitution, deletion, doubled letter, or adjacent transposition.
 * Never the first letter (people rarely mistype it) and never punctuation (O'Brien keeps its ').
 */
export function typo(rng: Prng, name: string): string {
  const letters: number[] = [];
  for (let i = 1; i < name.length; i++) if (/\p{L}/u.test(name.charAt(i))) letters.push(i);
  if (name.length < 3 || letters.length === 0) return name;
  const i = rng.pick(letters);
  const here = name.charAt(i);
  const kind = rng.int(0, 3);
  if (kind === 1) return name.slice(0, i) + name.slice(i + 1);
  if (kind === 2) return name.slice(0, i) + here + name.slice(i);
  if (kind === 3) {
    const swappable = letters.filter((j) => letters.includes(j + 1) && name.charAt(j) !== name.charAt(j + 1));
    if (swappable.length) {
      const j = rng.pick(swappable);
      return name.slice(0, j) + name.charAt(j + 1) + name.charAt(j) + name.slice(j + 2);
    }
  }
  const neighbours = KEYBOARD_NEIGHBOURS[here.toLowerCase()];
  if (!neighbours) return name.slice(0, i) + name.slice(i + 1);
  return name.slice(0, i) + withCaseOf(here, rng.pick([...neighbours])) + name.slice(i + 1);
}

/** MCDONALD / Mcdonald / mcdonald / Mc Donald: the same surname as systems and people key it. */
export function caseVariant(rng: Prng, name: string): string {
  const mac = /^(Mc|Mac|O')(.+)$/.exec(name);
  const roll = rng.int(0, mac ? 3 : 1);
  if (roll === 0) return name.toUpperCase();
  if (roll === 1) return name.toLowerCase();
  if (!mac) return name;
  const [, prefix = '', rest = ''] = mac;
  return roll === 2 ? `${prefix}${rest.toLowerCase()}` : prefix === "O'" ? `O${rest}` : `${prefix} ${rest}`;
}

/**
 * Smith-Jones as Smith Jones, SmithJones, Smith or Jones. A hyphenated forename (Lily-Mae) loses
 * only its second half, never its first: a child is not called by the second half alone.
 */
export function hyphenationVariant(rng: Prng, name: string, kind: 'forename' | 'surname' = 'surname'): string {
  const parts = name.split('-');
  if (parts.length < 2) return name;
  const roll = rng.int(0, kind === 'forename' ? 2 : 3);
  if (roll === 0) return parts.join(' ');
  if (roll === 1) return parts.join('');
  if (roll === 2) return parts[0] ?? name;
  return parts[parts.length - 1] ?? name;
}

const SPECIAL_LETTERS: Readonly<Record<string, string>> = { ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', ß: 'ss' };

/** Wiśniewski → Wisniewski, as systems without accented characters store it. */
export function stripDiacritics(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[łŁøØß]/g, (c) => SPECIAL_LETTERS[c] ?? c);
}

export function hasDiacritics(name: string): boolean {
  return /[^\x00-\x7f]/.test(name);
}
