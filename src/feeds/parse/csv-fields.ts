/**
 * Splits one CSV record (RFC 4180: comma-separated, fields optionally double-quoted, "" for a
 * quote inside quotes) into fields. Strict: a stray quote in an unquoted field or text after a
 * closing quote is an error rather than a guess, because a guessed split puts values under the
 * wrong columns.
 */
export function splitCsvFields(text: string): { fields: string[]; error?: string } {
  if (text.indexOf('"') < 0) return { fields: text.split(',') };
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 0x22) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0)
          return { fields, error: `broken quoting: quoted field ${fields.length + 1} is not closed` };
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === 0x22) {
          value += '"';
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return { fields };
      if (text.charCodeAt(i) !== 0x2c) {
        return { fields, error: `broken quoting: text after the closing quote of field ${fields.length}` };
      }
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const value = comma < 0 ? text.slice(i) : text.slice(i, comma);
      if (value.indexOf('"') >= 0)
        return { fields, error: `broken quoting: stray quote in unquoted field ${fields.length + 1}` };
      fields.push(value);
      if (comma < 0) return { fields };
      i = comma + 1;
    }
    if (i === text.length) {
      fields.push('');
      return { fields };
    }
  }
}
