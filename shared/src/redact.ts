/**
 * THE redactor: every text that may carry a value or a credential — a server's error message, a log line, a job's
 * output, a notification — passes through one `Redactor` fed with the values and credentials in flight. It finds
 * each secret however it was written (see redactViews.ts for the decoded views):
 *   - raw; JSON with or without `\uXXXX` escapes; a Python repr or ascii(); bytes; URL-encoded (`quote`,
 *     `quote_plus`, `encodeURIComponent`); HTML-escaped; upper- or lower-cased — by decoding the text, not by
 *     encoding the value;
 *   - base64 of its UTF-8 bytes: padded, unpadded, url-safe, and inside a longer base64 text at any alignment
 *     (`Basic base64(user:password)`);
 *   - trimmed, with its whitespace collapsed, and each line of a multi-line value;
 *   - a truncated echo: any prefix or suffix of at least MIN_PIECE_LENGTH characters (the head `reprlib` and
 *     pydantic keep, "…" cut-offs, the tail of a shortened repr).
 * Every occurrence becomes `[value hidden]`. `clean` is for server text: it redacts before any cutting, then
 * collapses whitespace and redacts again, and gives up (undefined: say the status and a generic sentence instead)
 * when the text mentions a secret too short to be told from ordinary text, or is too long to check.
 */
import { fold, originalSpan, viewsOf, type View } from './redactViews';

export const HIDDEN = '[value hidden]';
/** Secrets this long or longer are hidden wherever they occur. */
export const MIN_VALUE_LENGTH = 4;
/**
 * Pieces of a secret (a truncated echo's prefix or suffix, a line, a base64 run at another alignment) this long or
 * longer are hidden. Twelve characters: the head `reprlib` keeps of a long repr, shorter than pydantic's 25, and
 * long enough that ordinary words and the generic start of a URL (`https://`, `postgresql:/` is 12) of a value do
 * not blank out text that merely resembles it. A shorter piece of a longer value is not treated as an echo.
 */
export const MIN_PIECE_LENGTH = 12;
/** A base64 run at another alignment this long or longer is hidden (eight letters and digits are no word). */
const MIN_BASE64_CORE = 8;
/** Server text longer than this is not searched: it is replaced by a generic sentence. */
export const MAX_CLEANABLE_LENGTH = 256 * 1024;
/** What replaces server text that cannot be cleaned. */
export const WITHHELD = "the server's message is not shown because it may contain a value or credential";

function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    if (offset === 0) out.push(b64, b64.replace(/=+$/, ''));
    // The characters that depend on the value's bytes only, whatever comes before and after them.
    const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
    const total = offset + bytes.length;
    const end = Math.floor(total / 3) * 4 + (total % 3);
    const core = b64.slice(start, end);
    if (core.length >= MIN_BASE64_CORE) out.push(core);
  }
  return [...out, ...out.map(s => s.replace(/\+/g, '-').replace(/\//g, '_'))];
}

/** The strings a value may appear as in a decoded, case-folded view, before truncation. */
export function formsOf(value: string): string[] {
  const forms = new Set<string>();
  const add = (s: string, min: number): void => {
    if (s.length >= min) forms.add(s);
  };
  add(value, 1);
  add(value.trim(), MIN_VALUE_LENGTH);
  add(value.replace(/\s+/g, ' ').trim(), MIN_VALUE_LENGTH);
  // Lines as a file or `split('\n')` has them, and as Python's `splitlines()` has them.
  // eslint-disable-next-line no-control-regex -- Python's splitlines() separators
  for (const separator of [/\r\n|\r|\n/, /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/]) {
    const lines = value.split(separator);
    if (lines.length > 1) for (const line of lines) add(line.trim(), MIN_VALUE_LENGTH);
  }
  for (const b of base64Forms(value)) add(b, MIN_VALUE_LENGTH);
  for (const f of [...forms]) forms.add(fold(f));
  return [...forms].sort((a, b) => b.length - a.length);
}

type Range = [number, number];

/** Occurrences of `form` in `view` (whole, or a prefix or suffix of MIN_PIECE_LENGTH or more), as original spans. */
function occurrences(view: View, form: string, out: Range[]): void {
  const t = view.text;
  const push = (a: number, b: number): void => {
    out.push(originalSpan(view, a, b));
  };
  if (form.length < MIN_PIECE_LENGTH) {
    for (let at = t.indexOf(form); at >= 0; at = t.indexOf(form, at + 1)) push(at, at + form.length);
    return;
  }
  const head = form.slice(0, MIN_PIECE_LENGTH);
  // A piece ends (or starts) where the text stops following the form; whitespace at its open end is left shown.
  for (let at = t.indexOf(head); at >= 0; at = t.indexOf(head, at + 1)) {
    let k = MIN_PIECE_LENGTH;
    while (k < form.length && t[at + k] === form[k]) k++;
    if (k < form.length) while (k > MIN_PIECE_LENGTH && /\s/.test(form[k - 1]!)) k--;
    push(at, at + k);
  }
  const tail = form.slice(-MIN_PIECE_LENGTH);
  for (let at = t.indexOf(tail); at >= 0; at = t.indexOf(tail, at + 1)) {
    const end = at + MIN_PIECE_LENGTH;
    let k = MIN_PIECE_LENGTH;
    while (k < form.length && end - k - 1 >= 0 && t[end - k - 1] === form[form.length - k - 1]) k++;
    if (k < form.length) while (k > MIN_PIECE_LENGTH && /\s/.test(form[form.length - k]!)) k--;
    push(end - k, end);
  }
}

function merge(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

export interface CleanOptions {
  /** Collapse whitespace to single spaces (then redact again: collapsing can join a value's pieces). */
  oneLine?: boolean;
}

export class Redactor {
  /** Forms of secrets of MIN_VALUE_LENGTH or more, longest first. */
  private readonly forms: string[];
  /** Secrets too short to hide safely, with their folded and base64 forms. */
  private readonly short: string[];
  /** The longest form, in code units (0 when there is nothing to hide). */
  readonly longest: number;

  constructor(secrets: Iterable<string | undefined | null>) {
    const forms = new Set<string>();
    const short = new Set<string>();
    for (const s of new Set(secrets)) {
      if (typeof s !== 'string' || s.length === 0) continue;
      if (s.length >= MIN_VALUE_LENGTH) {
        for (const f of formsOf(s)) if (f.length >= MIN_VALUE_LENGTH || f === s) forms.add(f);
      } else {
        const b64 = Buffer.from(s, 'utf8').toString('base64');
        for (const f of [s, fold(s), b64, b64.replace(/=+$/, '')]) short.add(f);
      }
    }
    this.forms = [...forms].filter(f => f.length >= MIN_VALUE_LENGTH).sort((a, b) => b.length - a.length);
    this.short = [...short];
    this.longest = this.forms[0]?.length ?? 0;
  }

  /** Nothing to look for. */
  get empty(): boolean {
    return this.forms.length === 0 && this.short.length === 0;
  }

  /** The original spans of `text` that show a secret, merged. */
  ranges(text: string, views: readonly View[] = viewsOf(text)): Range[] {
    if (this.forms.length === 0 || text.length === 0) return [];
    const found: Range[] = [];
    for (const v of views) for (const f of this.forms) occurrences(v, f, found);
    return merge(found);
  }

  /** `text` with every occurrence of a secret replaced by `[value hidden]`. */
  redact(text: string): string {
    return this.hide(text, this.ranges(text));
  }

  /** Whether `text` shows a secret too short to hide safely (in any view). */
  mentionsShort(text: string, views: readonly View[] = viewsOf(text)): boolean {
    return this.short.length > 0 && views.some(v => this.short.some(s => v.text.includes(s)));
  }

  /**
   * Server text made safe to show, before any cutting: redacted, optionally on one line and redacted again; or
   * undefined when it cannot be cleaned (too long to check, or it mentions a secret too short to hide), so the
   * caller says WITHHELD with the status instead.
   */
  clean(text: string, options: CleanOptions = {}): string | undefined {
    if (this.empty) return options.oneLine ? text.replace(/\s+/g, ' ').trim() : text;
    if (text.length > MAX_CLEANABLE_LENGTH) return undefined;
    const views = viewsOf(text);
    if (this.mentionsShort(text, views)) return undefined;
    let out = this.hide(text, this.ranges(text, views));
    if (options.oneLine) out = this.redact(out.replace(/\s+/g, ' ').trim());
    return out;
  }

  hide(text: string, ranges: readonly Range[]): string {
    if (ranges.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [a, b] of ranges) {
      out += text.slice(at, a) + HIDDEN;
      at = b;
    }
    return out + text.slice(at);
  }
}

/** A redactor of nothing. */
export const NO_SECRETS = new Redactor([]);
