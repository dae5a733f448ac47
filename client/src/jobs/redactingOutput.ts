/**
 * Defence in depth for job output: a handler that prints a secret it was given does not put the value on the
 * screen. Output passes through unchanged except that every occurrence of a value the job was given (and its base64
 * and JSON-escaped forms) becomes `[value hidden]`.
 *
 * Output arrives in arbitrary chunks, so a value may be split between two of them: the last (longest pattern − 1)
 * characters are held back until more output arrives, the stream ends, or it has been idle for `idleMs` — and the cut
 * never falls inside an occurrence.
 */

const HIDDEN = '[value hidden]';
/** Shorter values are not searched for (they would mangle ordinary words). */
const MIN_LENGTH = 4;

export function valueForms(values: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const v of values) {
    if (v.length < MIN_LENGTH) continue;
    forms.add(v);
    forms.add(Buffer.from(v, 'utf8').toString('base64'));
    const json = JSON.stringify(v).slice(1, -1);
    if (json !== v) forms.add(json);
    // A multi-line value printed line by line.
    for (const line of v.split(/\r?\n/)) if (line.length >= 8 && line !== v) forms.add(line);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export class RedactingOutput {
  private readonly forms: string[];
  private readonly keep: number;
  private buffer = '';
  private timer?: NodeJS.Timeout;

  constructor(values: Iterable<string>, private readonly write: (text: string) => void, private readonly idleMs = 300) {
    this.forms = valueForms(values);
    this.keep = this.forms.length ? this.forms[0]!.length - 1 : 0;
  }

  push(text: string): void {
    if (!text) return;
    if (!this.forms.length) return this.write(text);
    this.buffer += text;
    let cut = this.buffer.length - this.keep;
    for (let moved = true; moved && cut > 0;) {
      moved = false;
      for (const f of this.forms) {
        // An occurrence that starts before the cut and ends after it: cut before it.
        const from = Math.max(0, cut - f.length + 1);
        const at = this.buffer.indexOf(f, from);
        if (at >= 0 && at < cut && at + f.length > cut) {
          cut = at;
          moved = true;
        }
      }
    }
    if (cut > 0) {
      this.write(this.hide(this.buffer.slice(0, cut)));
      this.buffer = this.buffer.slice(cut);
    }
    if (this.timer) clearTimeout(this.timer);
    if (this.buffer) this.timer = setTimeout(() => this.flush(), this.idleMs);
  }

  /** Writes whatever is held back. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.hide(this.buffer);
    this.buffer = '';
    this.write(text);
  }

  private hide(text: string): string {
    let out = text;
    for (const f of this.forms) if (out.includes(f)) out = out.split(f).join(HIDDEN);
    return out;
  }
}
