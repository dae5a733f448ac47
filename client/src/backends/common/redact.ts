/**
 * The extension's side of THE redactor (shared/src/redact.ts): what is in flight, and the wrappers that put every
 * message and log line through it.
 *
 *   - `inFlight` knows the values a call is carrying while it runs (`hold`) and every credential the extension has
 *     sent (`remember`: bearer tokens, basic passwords and pairs, Iguazio sessions, Azure client secrets, kubeconfig
 *     tokens, passwords and keys — kept in memory only, the 64 most recent). The log channel, error notifications
 *     and job output redact with it, so a line written while a call runs cannot show what that call carries.
 *   - `callRedactor` is what each backend's errors.ts cleans server text with: the call's values and credentials
 *     plus everything in flight.
 *   - `serverText` cleans a server's text before any cutting, or says it must be withheld (WITHHELD).
 * Our own messages never contain values; this covers servers that echo what they were sent.
 */
import { Redactor, WITHHELD } from '../../../../shared/src/redact';

export { HIDDEN, Redactor, WITHHELD } from '../../../../shared/src/redact';

/** Credentials remembered for redaction (the most recent ones; they stay in memory, as the SDKs keep them anyway). */
const MAX_REMEMBERED = 64;

export class SecretsInFlight {
  private readonly held = new Map<number, readonly string[]>();
  private readonly remembered = new Set<string>();
  private nextId = 1;
  private cached?: Redactor;

  /** Values a call carries, until the returned function is called (call it in `finally`). */
  hold(secrets: Iterable<string | undefined>): () => void {
    const list = [...secrets].filter((s): s is string => typeof s === 'string' && s.length > 0);
    if (list.length === 0) return () => undefined;
    const id = this.nextId++;
    this.held.set(id, list);
    this.cached = undefined;
    return () => {
      if (this.held.delete(id)) this.cached = undefined;
    };
  }

  /** Credentials the extension sends; hidden from every line from now on. */
  remember(credentials: Iterable<string | undefined>): void {
    for (const c of credentials) {
      if (typeof c !== 'string' || c.length === 0 || this.remembered.has(c)) continue;
      this.remembered.add(c);
      this.cached = undefined;
      if (this.remembered.size > MAX_REMEMBERED) this.remembered.delete(this.remembered.values().next().value as string);
    }
  }

  /** Every secret currently known. */
  secrets(): string[] {
    return [...this.remembered, ...[...this.held.values()].flat()];
  }

  /** A redactor of everything in flight (rebuilt only when that changes). */
  redactor(): Redactor {
    this.cached ??= new Redactor(this.secrets());
    return this.cached;
  }

  redact(text: string): string {
    return this.redactor().redact(text);
  }
}

/** The one registry of the extension host. */
export const inFlight = new SecretsInFlight();

/** The redactor for one call's error texts: its values and credentials, and everything else in flight. */
export function callRedactor(secrets: Iterable<string | undefined> = []): Redactor {
  return new Redactor([...secrets, ...inFlight.secrets()]);
}

/**
 * The secrets in request headers that carry credentials: a bearer (or any scheme's) token, a basic pair and its
 * password, a cookie and an Iguazio session's `sid`.
 */
export function headerSecrets(headers: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const [name, raw] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower !== 'authorization' && lower !== 'proxy-authorization' && lower !== 'cookie') continue;
    const value = String(Array.isArray(raw) ? raw.join('; ') : raw ?? '').trim();
    if (!value) continue;
    out.push(value);
    if (lower === 'cookie') {
      for (const part of value.split(';')) out.push(part.trim().slice(part.trim().indexOf('=') + 1));
      const sid = /"sid"\s*:\s*"([^"]*)"/.exec(value)?.[1];
      if (sid) out.push(sid);
      continue;
    }
    const [scheme, ...rest] = value.split(/\s+/);
    const token = rest.join(' ');
    if (!token) continue;
    out.push(token);
    if (scheme!.toLowerCase() === 'basic') {
      const pair = Buffer.from(token, 'base64').toString('utf8');
      out.push(pair, pair.slice(pair.indexOf(':') + 1));
    }
  }
  return out.filter(s => s.length > 0);
}

export interface CleanedText {
  /** The server's text, safe to show (may be empty). */
  text?: string;
  /** The text could not be cleaned: say the status and WITHHELD instead. */
  withheld?: true;
}

/** Server text made safe before any cutting (see Redactor.clean); `oneLine` collapses whitespace. */
export function serverText(redactor: Redactor, text: string | undefined, options: { oneLine?: boolean } = {}): CleanedText {
  if (!text) return {};
  const cleaned = redactor.clean(text, options);
  return cleaned === undefined ? { withheld: true } : { text: cleaned };
}

/** What a message says of a server's text: `: <text>`, `; <WITHHELD>`, or nothing. */
export function said(t: CleanedText, cut: (text: string) => string = s => s): string {
  if (t.withheld) return `; ${WITHHELD}`;
  const text = t.text ? cut(t.text) : '';
  return text ? `: ${text}` : '';
}

/** `text` cut to `max` characters with "..." (after redaction: cutting a clean text keeps it clean). */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

const CHANNEL_WRITES = new Set(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/**
 * An output channel (VS Code's `LogOutputChannel`, or anything with the same write methods) whose every write is
 * redacted of everything in flight. Other members pass through.
 */
export function redactingChannel<C extends object>(channel: C): C {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !CHANNEL_WRITES.has(prop) || typeof member !== 'function') return member;
      return (message: unknown, ...rest: unknown[]) => {
        const text = message instanceof Error ? message.message : typeof message === 'string' ? message : String(message);
        return (member as (...a: unknown[]) => unknown).call(target, inFlight.redact(text), ...rest);
      };
    },
  });
}
