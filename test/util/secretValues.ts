/**
 * Random secret values for redaction tests (seeded: test/util/random.ts) and the leak oracle. Values mix ASCII,
 * quotes and backslashes, whitespace and newlines, Latin-1, non-printable and format characters (U+00A0, U+200B,
 * U+2028), CJK and astral characters (surrogate pairs), control characters and things that look like escapes
 * (`%41`, `\n` written out). The oracle is independent of the redactor: it looks for the exact text an echoing
 * double wrote (test/doubles/echo.ts), or any 12-character window of it, never at the redactor's own forms.
 */
import { encodeEcho, reprlib, type EchoEncoding } from '../doubles/echo';
import { pyRepr } from '../doubles/mlrun/errors';
import type { Random } from './random';

const POOLS: readonly string[][] = [
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
  [...'!#$&()*+,-./:;<=>?@[]^_`{|}~'],
  ['"', "'", '\\', '\\n', '%41', '&amp;', '\\u00e9'],
  [' ', '\t'],
  [...'éßÿçñÅæø'],
  ['\u00a0', '\u200b', '\u2028', '\u0007', '\u007f', '\u0085'],
  [...'€中文字ΣΩж'],
  ['😀', '𝔘', '🔑', '\u{10ffff}'],
];

function piece(random: Random): string {
  // Mostly letters and digits (so values look like real secrets), with every other kind mixed in.
  const pool = random.chance(0.5) ? POOLS[0]! : random.pick(POOLS);
  return random.pick(pool);
}

function line(random: Random, min: number, max: number): string {
  const n = min + random.int(max - min + 1);
  let s = random.pick(POOLS[0]!);
  while ([...s].length < n) s += piece(random);
  return s + random.pick(POOLS[0]!);
}

/** A random value of at least 4 characters; `lines` > 1 makes a multi-line value (each line at least 4 characters). */
export function randomSecret(random: Random, options: { min?: number; max?: number; lines?: number } = {}): string {
  const lines = options.lines ?? (random.chance(0.2) ? 2 + random.int(2) : 1);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(line(random, options.min ?? 4, options.max ?? 40));
  return out.join(random.chance(0.8) ? '\n' : '\r\n');
}

/** A value in the ASCII range a header can carry (tokens, passwords, session ids). */
export function randomCredential(random: Random, min = 16, max = 48): string {
  const n = min + random.int(max - min + 1);
  let s = '';
  while (s.length < n) s += random.pick([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/']);
  return s;
}

/** Window length of the oracle: the shortest piece of a value the redactor promises to hide. */
const WINDOW = 12;

/** The texts an echo of `value` in `encoding` contains that come from the value (and must not be shown). */
export function echoFragments(value: string, encoding: EchoEncoding): string[] {
  const lines = value.split(/\r\n|\r|\n/);
  switch (encoding) {
    case 'pyDict': return [pyRepr(value)];
    // "Basic " and "someone:" take the first 16 characters; what follows depends on the value.
    case 'basicPair': return [encodeEcho(value, encoding).slice(17)].filter(s => s.length > 0);
    case 'firstLine': return [lines[0]!.trim()].filter(s => s.length >= 4);
    case 'lastLine': return [lines.at(-1)!.trim()].filter(s => s.length >= 4);
    case 'truncated': return [encodeEcho(value, encoding).slice(0, -3)];
    case 'reprlib': {
      const r = reprlib(value);
      if (!r.includes('...') || r.length === pyRepr(value).length) return [r];
      // Only pieces that are the value's own start or end: a piece holding (part of) an escape shows fewer than 12
      // characters of the value, which the redactor does not count as an echo.
      const head = r.slice(1, 13);
      const tail = r.slice(-14, -1);
      return [...(value.startsWith(head) ? [head] : []), ...(value.endsWith(tail) ? [tail] : [])];
    }
    default: return [encodeEcho(value, encoding)];
  }
}

/** Whether `text` shows any fragment (whole, with its whitespace collapsed, or any 12-character window of it). */
export function leaks(text: string, fragments: readonly string[]): boolean {
  return fragments.some(f => {
    const variants = [f, f.replace(/\s+/g, ' ')];
    return variants.some(v => {
      const units = [...v];
      if (units.length <= WINDOW) return text.includes(v);
      for (let i = 0; i + WINDOW <= units.length; i++) if (text.includes(units.slice(i, i + WINDOW).join(''))) return true;
      return false;
    });
  });
}
