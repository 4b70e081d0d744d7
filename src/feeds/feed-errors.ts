/**
 * A whole file refused before any row is loaded (unknown or missing column, unreadable mapping,
 * empty file). The message names the column or setting at fault; it never carries row contents.
 */
export class FileRefusedError extends Error {
  override readonly name = 'FileRefusedError';
}
