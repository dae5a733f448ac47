/**
 * MLRun's error answers turned into one sentence, using MLRun's own text where it sends one (docs/mlrun-facts.md §2.2):
 * `{"detail": "MLRunAccessDeniedError('...')"}` (the repr of the exception: its message is extracted),
 * `{"detail": {"reason": "..."}}` (log_and_raise), FastAPI's `{"detail": [{loc, msg}]}` (422; `ctx` is ignored —
 * it can echo the request body) and non-JSON bodies from proxies or ingresses.
 */
import { parseJson } from '../../../../shared/src/records';
import type { FailureKind } from '../types';
import type { AttemptFailure } from '../common/retry';
import { callRedactor, said as saidOf, serverText, shorten } from '../common/redact';

export interface MlrunDetail {
  /** The exception class, when the detail is a repr (`MLRunNotFoundError`). */
  errorClass?: string;
  /** The message (repr unwrapped), the log_and_raise reason, or the joined validation messages. */
  message?: string;
}

function unescapePython(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\\'"nrt])/g, (_m, e: string) => {
    switch (e[0]) {
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(e.slice(1), 16));
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      default: return e;
    }
  });
}

/** `ClassName('message')` / `ClassName("message")` → class and message; other strings pass through. */
export function parseExceptionRepr(detail: string): MlrunDetail {
  const m = /^([A-Za-z_][\w.]*)\((['"])([\s\S]*)\2\)$/.exec(detail.trim());
  if (m) return { errorClass: m[1], message: unescapePython(m[3]!) };
  const empty = /^([A-Za-z_][\w.]*)\(\)$/.exec(detail.trim());
  if (empty) return { errorClass: empty[1] };
  return { message: detail };
}

export function parseDetail(body: Buffer, contentType: string | undefined): MlrunDetail {
  if (!/json/i.test(contentType ?? '') && !/^\s*[{[]/.test(body.subarray(0, 64).toString('utf8'))) return {};
  let parsed: unknown;
  try {
    parsed = parseJson(body.toString('utf8'));
  } catch {
    return {};
  }
  const detail = (parsed as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string') return parseExceptionRepr(detail);
  if (Array.isArray(detail)) {
    const parts = detail.map(d => {
      const item = d as { loc?: unknown[]; msg?: unknown };
      const loc = Array.isArray(item.loc) ? item.loc.filter(x => x !== 'body').join('.') : '';
      return `${loc ? `${loc}: ` : ''}${typeof item.msg === 'string' ? item.msg : 'invalid'}`;
    });
    return { message: parts.join('; ') };
  }
  if (detail && typeof detail === 'object' && typeof (detail as { reason?: unknown }).reason === 'string') {
    return { message: (detail as { reason: string }).reason };
  }
  return {};
}

/** MLRun's text on one line, at most 300 characters, without a trailing full stop (cut after redaction). */
function cutDetail(text: string): string {
  return shorten(text, 300).replace(/[.]+$/, '');
}

function retryAfter(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return n;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

export interface ErrorContext {
  endpoint: string;
  /** What was being done, e.g. `listing the keys of project "demo"`. */
  action: string;
  project?: string;
  /** Values and credentials carried by the request, to redact from server text (with everything in flight). */
  values?: readonly string[];
}

/** A non-2xx answer as an AttemptFailure (transient for 409, 429 and 5xx). */
export function statusFailure(status: number, body: Buffer, headers: Record<string, string | string[] | undefined>, ctx: ErrorContext): AttemptFailure {
  const d = parseDetail(body, headers['content-type'] as string | undefined);
  const redactor = callRedactor(ctx.values);
  const cleaned = serverText(redactor, d.message, { oneLine: true });
  const detail = cleaned.text ? cutDetail(cleaned.text) || undefined : undefined;
  const said = saidOf(cleaned, cutDetail);
  let kind: FailureKind;
  let message: string;
  switch (true) {
    case status === 400:
      kind = 'invalid';
      message = `MLRun rejected ${ctx.action} (400)${said}.`;
      break;
    case status === 401:
      kind = 'unauthorized';
      message = `The MLRun API at ${ctx.endpoint} did not accept the credentials (401)${said}. Sign in again or check the auth mode.`;
      break;
    case status === 403:
      kind = 'forbidden';
      message = `The MLRun API denied ${ctx.action} (403)${said}.`;
      break;
    case status === 404:
      kind = 'notFound';
      // Current servers: "Project X does not exist"; older ones (the DB layer): "Project not found: name=X, …".
      if (d.errorClass === 'MLRunNotFoundError' && ctx.project && /^Project (not found|\S+ does not exist)/i.test(d.message ?? '')) {
        message = `Project "${ctx.project}" does not exist on the MLRun API at ${ctx.endpoint}.`;
      } else if (!d.errorClass && (d.message === 'Not Found' || !d.message)) {
        message = `The MLRun API at ${ctx.endpoint} has no such endpoint (404) — is the URL the MLRun API (MLRUN_DBPATH) rather than the UI?`;
      } else message = `Not found while ${ctx.action} (404)${said}.`;
      break;
    case status === 409:
      kind = 'conflict';
      // store_secrets_with_retry lost every try against other changes to the Secret: the Kubernetes 409 as text.
      message = d.errorClass === 'MLRunConflictError' && /^409\s+Reason:/.test(d.message ?? '')
        ? `MLRun could not store the project's Secret while ${ctx.action}: other changes to it won each of MLRun's attempts (409); try again.`
        : `MLRun reported a conflict while ${ctx.action} (409)${said}; try again.`;
      break;
    case status === 422:
      kind = 'invalid';
      message = `The MLRun API rejected the request for ${ctx.action} (422)${said}.`;
      break;
    case status === 429:
      kind = 'rateLimited';
      message = `The MLRun API is rate-limiting requests (429) while ${ctx.action}; try again later.`;
      break;
    case status >= 500:
      kind = 'serverError';
      if (d.errorClass === 'ApiException' && !d.message) {
        message = `The MLRun API failed (${status}) while ${ctx.action}: its call to Kubernetes failed (for example, too many concurrent changes to the project's Secret).`;
      } else if (!d.message && status >= 502 && status <= 504) {
        message = `The MLRun API at ${ctx.endpoint} is unavailable (${status}); a proxy or ingress in front of it answered.`;
      } else {
        const shown = d.errorClass && detail ? `: ${d.errorClass}: ${detail}` : said;
        message = `The MLRun API failed (${status}) while ${ctx.action}${shown}.`;
      }
      break;
    default:
      kind = 'serverError';
      message = `The MLRun API answered ${status} while ${ctx.action}${said}.`;
  }
  const transient = status === 409 || status === 429 || status >= 500;
  // The sentence as a whole, once more: the exception class and our own words come from the server too.
  const out: AttemptFailure = { failure: { kind, message: redactor.redact(message), status }, transient };
  const after = retryAfter(headers['retry-after']);
  if (after !== undefined) out.retryAfterSeconds = after;
  return out;
}
