/**
 * Person ids: "P" and a ten-digit number from a sequence, e.g. P0000012345. Readable on a phone
 * call, sortable, and the number says which of two persons is older (merges keep the older id).
 */
const PATTERN = /^P(\d{10})$/;

export function personIdOf(number: number | string): string {
  return `P${String(number).padStart(10, '0')}`;
}

export function personNumberOf(id: string): number {
  const match = PATTERN.exec(id);
  if (!match?.[1]) throw new Error(`not a person id: ${id}`);
  return Number(match[1]);
}

export function isPersonId(id: string): boolean {
  return PATTERN.test(id);
}

/** The older of two ids (smaller number). */
export function olderOf(a: string, b: string): string {
  return personNumberOf(a) <= personNumberOf(b) ? a : b;
}
