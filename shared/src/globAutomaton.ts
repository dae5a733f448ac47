/**
 * The automata behind shared/src/glob.ts: a gitignore pattern body as tokens, run as a bit-parallel simulation
 * (one bit per token, every state at once), so matching takes time linear in the path whatever the pattern —
 * no backtracking, no RegExp. Plain literals, `*.ext` and `prefix*` skip the automaton.
 */

import { nullRecord, type OwnRecord } from './records';

const SLASH = 0x2f;

/**
 * Token kinds. `Star` is `[^/]*`; `AnyStar` is `.*` (a trailing `/` + `**`). A leading or middle `**` + `/`
 * ("nothing, or anything ending in a slash") is `Enter`, `AnyStar`, literal `/`: `Enter` consumes nothing and
 * leads either into the `AnyStar` or past the slash (the empty case, possible only on entry).
 */
const enum T { Lit, Any, Class, Star, AnyStar, Enter }

export interface Token {
  t: T;
  /** Lit: the code point (folded when case-insensitive). */
  c: number;
  set?: ClassSet;
}

interface ClassSet {
  negated: boolean;
  ranges: number[];
  classes: string[];
}

function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function foldText(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]+/g, m => m.toLowerCase()) : s;
}

/** POSIX bracket classes by name (a null-prototype record: `[[:constructor:]]` names no class). */
const POSIX: OwnRecord<(c: number) => boolean> = nullRecord(Object.entries({
  alnum: c => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  alpha: c => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a),
  blank: c => c === 0x20 || c === 0x09,
  cntrl: c => c < 0x20 || c === 0x7f,
  digit: c => c >= 0x30 && c <= 0x39,
  graph: c => c > 0x20 && c < 0x7f,
  lower: c => c >= 0x61 && c <= 0x7a,
  print: c => c >= 0x20 && c < 0x7f,
  punct: c => c > 0x20 && c < 0x7f && !POSIX.alnum(c),
  space: c => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  upper: c => c >= 0x41 && c <= 0x5a,
  xdigit: c => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
} satisfies Record<string, (c: number) => boolean>));

function inClass(set: ClassSet, c: number, ignoreCase: boolean): boolean {
  const test = (x: number): boolean => {
    for (let i = 0; i < set.ranges.length; i += 2) if (x >= set.ranges[i] && x <= set.ranges[i + 1]) return true;
    for (const k of set.classes) if (POSIX[k](x)) return true;
    return false;
  };
  let hit = test(c);
  if (!hit && ignoreCase) {
    const other = c >= 0x61 && c <= 0x7a ? c - 32 : fold(c);
    if (other !== c) hit = test(other);
  }
  return hit !== set.negated;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    out.push(c);
  }
  return out;
}

/** Parses a bracket expression at `p[i] === '['`; returns the set and the index after `]`, or null (git: no match). */
function parseClass(p: number[], i: number): { set: ClassSet; next: number } | null {
  let j = i + 1;
  const set: ClassSet = { negated: false, ranges: [], classes: [] };
  if (p[j] === 0x21 /* ! */ || p[j] === 0x5e /* ^ */) { set.negated = true; j++; }
  let first = true;
  while (j < p.length) {
    let c = p[j];
    if (c === 0x5d /* ] */ && !first) return { set, next: j + 1 };
    first = false;
    if (c === 0x5b /* [ */ && p[j + 1] === 0x3a /* : */) {
      const end = p.indexOf(0x5d, j + 2);
      if (end < 0 || p[end - 1] !== 0x3a) { set.ranges.push(c, c); j++; continue; }
      const name = String.fromCodePoint(...p.slice(j + 2, end - 1));
      if (!Object.prototype.hasOwnProperty.call(POSIX, name)) return null;
      set.classes.push(name);
      j = end + 1;
      continue;
    }
    if (c === 0x5c /* \ */) {
      j++;
      if (j >= p.length) return null;
      c = p[j];
    }
    let hi = c;
    if (p[j + 1] === 0x2d /* - */ && j + 2 < p.length && p[j + 2] !== 0x5d) {
      j += 2;
      hi = p[j];
      if (hi === 0x5c) {
        j++;
        if (j >= p.length) return null;
        hi = p[j];
      }
    }
    set.ranges.push(c, hi);
    j++;
  }
  return null;
}

/**
 * Tokens of a pattern body (no `!`, no trailing `/`, no leading `/`); null for a pattern that never matches.
 * `anchored`: git matches the literal prefix of such a pattern separately and the rest as a pattern of its own,
 * so a `**` right after that prefix counts as a leading one (`a**` + `/b` matches `a/b` and `ab/b`, as git does).
 */
export function tokenize(body: string, ignoreCase: boolean, anchored: boolean): Token[] | null {
  const p = codePoints(body);
  const prefix = anchored ? p.findIndex(c => c === 0x2a || c === 0x3f || c === 0x5b || c === 0x5c) : -1;
  const out: Token[] = [];
  const star = (): void => {
    if (out[out.length - 1]?.t !== T.Star) out.push({ t: T.Star, c: 0 });
  };
  const globDir = (): void => {
    // `**` + `/` twice in a row matches what one does.
    const n = out.length;
    if (n >= 3 && out[n - 3].t === T.Enter) return;
    out.push({ t: T.Enter, c: 0 }, { t: T.AnyStar, c: 0 }, { t: T.Lit, c: SLASH });
  };
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 0x2a /* * */) {
      let j = i;
      while (p[j + 1] === 0x2a) j++;
      const run = j - i + 1;
      const atStart = i === 0 || p[i - 1] === SLASH || i === prefix;
      if (run >= 2 && atStart && j + 1 === p.length) out.push({ t: T.AnyStar, c: 0 });
      else if (run >= 2 && atStart && p[j + 1] === SLASH) { globDir(); j++; }
      else star();
      i = j;
    } else if (c === 0x3f /* ? */) {
      out.push({ t: T.Any, c: 0 });
    } else if (c === 0x5b /* [ */) {
      const cls = parseClass(p, i);
      if (!cls) return null;
      out.push({ t: T.Class, c: 0, set: cls.set });
      i = cls.next - 1;
    } else if (c === 0x5c /* \ */) {
      if (i + 1 >= p.length) return null; // a trailing backslash never matches (wildmatch)
      out.push({ t: T.Lit, c: ignoreCase ? fold(p[++i]) : p[++i] });
    } else {
      out.push({ t: T.Lit, c: ignoreCase ? fold(c) : c });
    }
  }
  return out;
}

/** Whether a token that consumes one character accepts `c`. */
function consumes(tok: Token, c: number, ignoreCase: boolean): boolean {
  return tok.t === T.Lit ? tok.c === c
    : tok.t === T.Any ? c !== SLASH
      : tok.t === T.Class ? c !== SLASH && inClass(tok.set!, c, ignoreCase)
        : false;
}

/** Longest chain of empty matches from any state (how many closure passes one character needs). */
function longestChain(tokens: Token[]): number {
  const n = tokens.length;
  const chain = new Array<number>(n + 4).fill(0);
  let longest = 0;
  for (let i = n - 1; i >= 0; i--) {
    const t = tokens[i].t;
    if (t === T.Star || t === T.AnyStar) chain[i] = 1 + chain[i + 1];
    if (t === T.Enter) chain[i] = 1 + Math.max(chain[i + 1], chain[i + 3]);
    longest = Math.max(longest, chain[i]);
  }
  return longest;
}

/**
 * The automaton of a token list as bit masks: state i = "tokens before i matched", state n accepts. Transitions:
 * a consuming token at i moves i → i+1 on the characters it accepts (the "advance" mask of a character, computed
 * on first use); `*` stays on any character but `/`, `.*` on any; `*`, `.*` and `Enter` also move i → i+1 on no
 * character, and `Enter` i → i+3 (past its `.*` and slash). Up to 31 tokens fit one number (SmallMatcher), which
 * is what real patterns need; longer ones use arrays of 32-bit words (WideMatcher).
 */
class SmallMatcher {
  private loopSlash = 0;
  private loopOther = 0;
  private eps1 = 0;
  private eps3 = 0;
  private readonly start: number;
  private readonly accept: number;
  private readonly chain: number;
  private readonly ascii = new Int32Array(128);
  private readonly known = new Uint8Array(128);
  private readonly other = new Map<number, number>();

  constructor(private readonly tokens: Token[], private readonly ignoreCase: boolean) {
    tokens.forEach((tok, i) => {
      const bit = 1 << i;
      if (tok.t === T.Star) this.loopOther |= bit;
      if (tok.t === T.AnyStar) { this.loopOther |= bit; this.loopSlash |= bit; }
      if (tok.t === T.Star || tok.t === T.AnyStar || tok.t === T.Enter) this.eps1 |= bit;
      if (tok.t === T.Enter) this.eps3 |= bit;
    });
    this.accept = 1 << tokens.length;
    this.chain = longestChain(tokens);
    this.start = this.close(1);
  }

  private close(d: number): number {
    for (let k = 0; k < this.chain; k++) d |= ((d & this.eps1) << 1) | ((d & this.eps3) << 3);
    return d;
  }

  private compute(c: number): number {
    let m = 0;
    for (let i = 0; i < this.tokens.length; i++) if (consumes(this.tokens[i], c, this.ignoreCase)) m |= 1 << i;
    return m;
  }

  private maskFor(c: number): number {
    if (c < 128) {
      if (!this.known[c]) { this.ascii[c] = this.compute(c); this.known[c] = 1; }
      return this.ascii[c];
    }
    let m = this.other.get(c);
    if (m === undefined) {
      m = this.compute(c);
      // Paths use few distinct characters; a hostile one with many gets its masks computed each time instead.
      if (this.other.size < 256) this.other.set(c, m);
    }
    return m;
  }

  matches(text: string): boolean {
    let d = this.start;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) { c = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000; i++; }
      }
      if (this.ignoreCase) c = fold(c);
      let v = ((d & this.maskFor(c)) << 1) | (d & (c === SLASH ? this.loopSlash : this.loopOther));
      if (v === 0) return false;
      if (this.chain) v = this.close(v);
      d = v;
    }
    return (d & this.accept) !== 0;
  }
}

class WideMatcher {
  private readonly words: number;
  private readonly loopSlash: Uint32Array;
  private readonly loopOther: Uint32Array;
  private readonly eps1: Uint32Array;
  private readonly eps3: Uint32Array;
  private readonly start: Uint32Array;
  private readonly advance = new Map<number, Uint32Array>();
  private cur: Uint32Array;
  private next: Uint32Array;
  private readonly accept: number;
  private readonly chain: number;

  constructor(private readonly tokens: Token[], private readonly ignoreCase: boolean) {
    const n = tokens.length;
    this.words = Math.ceil((n + 1) / 32);
    const mask = (): Uint32Array => new Uint32Array(this.words);
    this.loopSlash = mask();
    this.loopOther = mask();
    this.eps1 = mask();
    this.eps3 = mask();
    this.start = mask();
    this.cur = mask();
    this.next = mask();
    this.accept = n;
    tokens.forEach((tok, i) => {
      const w = i >>> 5;
      const bit = 1 << (i & 31);
      if (tok.t === T.Star) this.loopOther[w] |= bit;
      if (tok.t === T.AnyStar) { this.loopOther[w] |= bit; this.loopSlash[w] |= bit; }
      if (tok.t === T.Star || tok.t === T.AnyStar || tok.t === T.Enter) this.eps1[w] |= bit;
      if (tok.t === T.Enter) this.eps3[w] |= bit;
    });
    this.chain = longestChain(tokens);
    this.start[0] = 1;
    this.close(this.start);
  }

  private maskFor(c: number): Uint32Array {
    let m = this.advance.get(c);
    if (m) return m;
    m = new Uint32Array(this.words);
    for (let i = 0; i < this.tokens.length; i++) if (consumes(this.tokens[i], c, this.ignoreCase)) m[i >>> 5] |= 1 << (i & 31);
    if (this.advance.size < 256) this.advance.set(c, m);
    return m;
  }

  private close(d: Uint32Array): void {
    for (let k = 0; k < this.chain; k++) {
      let c1 = 0;
      let c3 = 0;
      for (let w = 0; w < this.words; w++) {
        const x = d[w] & this.eps1[w];
        const y = d[w] & this.eps3[w];
        d[w] |= (x << 1) | c1 | (y << 3) | c3;
        c1 = x >>> 31;
        c3 = y >>> 29;
      }
    }
  }

  matches(text: string): boolean {
    let cur = this.cur;
    let next = this.next;
    cur.set(this.start);
    const words = this.words;
    for (let i = 0; i < text.length; i++) {
      let c = text.codePointAt(i)!;
      if (c > 0xffff) i++;
      if (this.ignoreCase) c = fold(c);
      const adv = this.maskFor(c);
      const loop = c === SLASH ? this.loopSlash : this.loopOther;
      let carry = 0;
      let any = 0;
      for (let w = 0; w < words; w++) {
        const x = cur[w] & adv[w];
        const v = (x << 1) | carry | (cur[w] & loop[w]);
        carry = x >>> 31;
        next[w] = v;
        any |= v;
      }
      if (any === 0) return false;
      this.close(next);
      const t = cur; cur = next; next = t;
    }
    return (cur[this.accept >>> 5] & (1 << (this.accept & 31))) !== 0;
  }
}

function literalOf(tokens: Token[], from: number, to: number): string | null {
  let s = '';
  for (let i = from; i < to; i++) {
    if (tokens[i].t !== T.Lit) return null;
    s += String.fromCodePoint(tokens[i].c);
  }
  return s;
}

export function tester(tokens: Token[], ignoreCase: boolean, basename: boolean): (text: string) => boolean {
  const norm = ignoreCase ? foldText : (s: string): string => s;
  const whole = literalOf(tokens, 0, tokens.length);
  if (whole !== null) return s => norm(s) === whole;
  // `*.ext` and `prefix*` on a last path component (no slash in it): plain string tests.
  if (basename && tokens[0].t === T.Star) {
    const suffix = literalOf(tokens, 1, tokens.length);
    if (suffix !== null) return s => norm(s).endsWith(suffix);
  }
  if (basename && tokens[tokens.length - 1].t === T.Star) {
    const prefix = literalOf(tokens, 0, tokens.length - 1);
    if (prefix !== null) return s => norm(s).startsWith(prefix);
  }
  const m = tokens.length < 32 ? new SmallMatcher(tokens, ignoreCase) : new WideMatcher(tokens, ignoreCase);
  return s => m.matches(s);
}

