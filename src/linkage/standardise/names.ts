/**
 * Name standardisation. The canonical form is UPPERCASE ASCII: accents folded (É → E, ß → SS),
 * apostrophes and full stops dropped (O'Brien → OBRIEN, St. → ST), hyphens, slashes and other
 * punctuation turned into single spaces (Smith-Jones → SMITH JONES), leading titles and trailing
 * generational suffixes removed. Blank or letterless input → null (unknown, never "").
 */

/** Titles removed from the start of a name (council exports often prepend them). */
const TITLES = new Set([
  'MR', 'MRS', 'MS', 'MISS', 'MX', 'MASTER', 'DR', 'PROF', 'REV', 'SIR', 'DAME', 'LADY', 'LORD', 'FR',
]);
/** Suffixes removed from the end of a name. */
const SUFFIXES = new Set(['JR', 'JNR', 'SR', 'SNR', 'II', 'III', 'IV']);

/** Characters NFKD does not decompose into a base letter. */
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'SS', æ: 'AE', Æ: 'AE', ø: 'O', Ø: 'O', œ: 'OE', Œ: 'OE', ł: 'L', Ł: 'L', đ: 'D', Đ: 'D', þ: 'TH', Þ: 'TH',
};

/** Fold accents and ligatures to plain ASCII letters; keeps other characters for later steps. */
export function foldAccents(text: string): string {
  return text
    .replace(/[ßæÆøØœŒłŁđĐþÞ]/g, (c) => SPECIAL_FOLDS[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Name tokens in canonical form, titles and suffixes removed; [] when there is no name. */
export function nameTokens(text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  const cleaned = foldAccents(text)
    .toUpperCase()
    // Apostrophes and full stops join: O'BRIEN → OBRIEN, ST. JOHN → ST JOHN.
    .replace(/['’‘`.]/g, '')
    .replace(/[^A-Z]+/g, ' ')
    .trim();
  if (cleaned === '') return [];
  const tokens = cleaned.split(' ');
  while (tokens.length > 1 && TITLES.has(tokens[0] ?? '')) tokens.shift();
  while (tokens.length > 1 && SUFFIXES.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens;
}

/** A canonical name (tokens joined by one space), or null when blank. */
export function standardiseName(text: string | null | undefined): string | null {
  const tokens = nameTokens(text);
  return tokens.length ? tokens.join(' ') : null;
}

/**
 * The forms under which a (possibly double-barrelled) surname may appear elsewhere:
 * "SMITH JONES" → ["SMITH JONES", "SMITHJONES", "SMITH", "JONES"]. Used as multi-valued input
 * to a best-of comparison, so a school that records only "JONES" still agrees.
 */
export function surnameVariants(text: string | null | undefined): string[] {
  const tokens = nameTokens(text);
  if (!tokens.length) return [];
  const variants = [tokens.join(' ')];
  if (tokens.length > 1) variants.push(tokens.join(''), ...tokens);
  return [...new Set(variants)];
}

/** Splits a full forename field into the first forename and the remaining middle names. */
export function splitForenames(text: string | null | undefined): { forename: string | null; middleNames: string | null } {
  const tokens = nameTokens(text);
  return {
    forename: tokens[0] ?? null,
    middleNames: tokens.length > 1 ? tokens.slice(1).join(' ') : null,
  };
}
