/** Parsers for the simple column types; each returns null for a value it does not recognise. */

const TRUE = new Set(['Y', 'YES', 'TRUE', 'T', '1']);
const FALSE = new Set(['N', 'NO', 'FALSE', 'F', '0']);

export function parseBool(text: string): boolean | null {
  const value = text.trim().toUpperCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return null;
}

export function parseInteger(text: string): number | null {
  const value = text.trim();
  return /^[+-]?\d{1,15}$/.test(value) ? Number(value) : null;
}

/** Plain decimals, also as finance systems print them: "£1,234.50", "-12.5". */
export function parseDecimal(text: string): number | null {
  const value = text.trim().replace(/^([+-]?)£/, '$1');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) return Number(value.replace(/,/g, ''));
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : null;
}

/** Upper-cased spelling → canonical code, for an enum column's declared values. */
export function enumLookup(values: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [code, spellings] of Object.entries(values)) {
    lookup.set(code.toUpperCase(), code);
    for (const spelling of spellings) lookup.set(spelling.toUpperCase(), code);
  }
  return lookup;
}
