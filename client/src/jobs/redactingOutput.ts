/**
 * Defence in depth for job output: a handler that prints a secret it was given does not put the value on the
 * screen. Output passes through THE redactor (shared/src/redact.ts) fed with the values the job was given and every
 * credential in flight, so `print(v)`, `print(json.dumps(v))`, `print({"k": v})`, `print(repr(v))`, `v.upper()`,
 * `quote(v)`, base64 and each line of a multi-line value all show `[value hidden]`.
 *
 * Output arrives in arbitrary chunks, so an occurrence may be split between two of them: the last `holdBack`
 * characters (ten times the longest form: enough for any escaped echo of it) are held back until twice that much
 * has arrived, the stream ends, or it has been idle for `idleMs` — and the cut never falls inside an occurrence.
 * Values shorter than four characters cannot be told from ordinary output and are not hidden.
 */
import { callRedactor, inFlight, type Redactor } from '../backends/common/redact';

/** Output handled at a time: a larger chunk is redacted slice by slice (each slice with its held-back tail). */
const SLICE = 64 * 1024;

export class RedactingOutput {
  private readonly values: string[];
  private redactor: Redactor;
  private built: string;
  private buffer = '';
  private timer?: NodeJS.Timeout;

  constructor(values: Iterable<string>, private readonly write: (text: string) => void, private readonly idleMs = 300) {
    this.values = [...values];
    this.redactor = callRedactor(this.values);
    this.built = inFlight.secrets().join('\u0000');
  }

  /** The redactor of the job's values and the credentials in flight now (rebuilt when those change). */
  private current(): Redactor {
    const now = inFlight.secrets().join('\u0000');
    if (now !== this.built) {
      this.redactor = callRedactor(this.values);
      this.built = now;
    }
    return this.redactor;
  }

  /** Characters held back at the end of the buffer. */
  get holdBack(): number {
    const longest = this.current().longest;
    return longest ? longest * 10 + 16 : 0;
  }

  push(text: string): void {
    if (!text) return;
    const redactor = this.current();
    if (redactor.empty) return this.write(text);
    this.buffer += text;
    const keep = this.holdBack;
    // Scan only once the held-back tail has doubled: each character is searched about twice, not once per chunk.
    if (this.buffer.length < 2 * keep) return this.idle();
    while (this.buffer.length > keep) {
      const slice = this.buffer.slice(0, Math.min(this.buffer.length, SLICE + keep));
      const ranges = redactor.ranges(slice);
      let cut = slice.length - keep;
      // An occurrence that starts before the cut and ends after it: cut before it.
      for (const [a, b] of ranges) if (a < cut && b > cut) cut = a;
      if (cut <= 0) break;
      this.write(redactor.hide(slice.slice(0, cut), ranges.filter(([, b]) => b <= cut)));
      this.buffer = this.buffer.slice(cut);
    }
    this.idle();
  }

  /** (Re)starts the idle timer that flushes what is held back. */
  private idle(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.buffer) this.timer = setTimeout(() => this.flush(), this.idleMs);
  }

  /** Writes whatever is held back. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.write(this.redact(text));
  }

  /** Any text shown beside the output (a status line, the outcome message), redacted the same way. */
  redact(text: string): string {
    return this.current().redact(text);
  }
}
