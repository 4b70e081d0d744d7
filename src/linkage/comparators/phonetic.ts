// natural's index pulls in ~865 modules and dotenv; its phonetics module alone is light (STACK-NOTES).
import { DoubleMetaphone, SoundEx } from 'natural/lib/natural/phonetics/index.js';

const doubleMetaphoneEncoder = new DoubleMetaphone();
const soundexEncoder = new SoundEx();

// Names repeat heavily, so each distinct name is encoded once per process (bounded).
const MEMO_LIMIT = 200_000;
const metaphoneMemo = new Map<string, readonly [string, string]>();
const soundexMemo = new Map<string, string>();

/** Primary and alternate double metaphone codes (Philips 2000) of a name. */
export function doubleMetaphone(name: string): readonly [string, string] {
  let codes = metaphoneMemo.get(name);
  if (!codes) {
    const [primary = '', alternate = ''] = doubleMetaphoneEncoder.process(name);
    codes = [primary, alternate || primary];
    if (metaphoneMemo.size >= MEMO_LIMIT) metaphoneMemo.clear();
    metaphoneMemo.set(name, codes);
  }
  return codes;
}

/** American Soundex code (letter + three digits). */
export function soundex(name: string): string {
  let code = soundexMemo.get(name);
  if (code === undefined) {
    code = soundexEncoder.process(name);
    if (soundexMemo.size >= MEMO_LIMIT) soundexMemo.clear();
    soundexMemo.set(name, code);
  }
  return code;
}

/** True when any double metaphone code of one name equals any code of the other. */
export function doubleMetaphoneMatch(a: string, b: string): boolean {
  const [a1, a2] = doubleMetaphone(a);
  const [b1, b2] = doubleMetaphone(b);
  if (!a1 && !a2) return false;
  return a1 === b1 || a1 === b2 || a2 === b1 || a2 === b2;
}

export function soundexMatch(a: string, b: string): boolean {
  const code = soundex(a);
  return code !== '' && code === soundex(b);
}
