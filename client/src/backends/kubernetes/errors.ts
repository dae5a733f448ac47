/**
 * Kubernetes failures as one sentence: API `Status` answers (401/403/404/409/422/429/5xx), network and TLS
 * problems, timeouts, and credential plugins (exec, OIDC) that fail before any request. Server text is redacted of
 * the values the call carried.
 */
import { seconds } from '../common/abort';
import { describeNetworkError } from '../common/network';
import { callRedactor, said as saidOf, serverText, shorten, type Redactor } from '../common/redact';
import type { AttemptFailure } from '../common/retry';
import type { FailureKind } from '../types';

export interface KubeErrorContext {
  server: string;
  context: string;
  namespace: string;
  /** What was being done: `reading Secret "x"`. */
  action: string;
  /** Values and credentials the call carried, to redact from server text (with everything in flight). */
  values?: readonly string[];
  timeoutMs: number;
  timedOut: boolean;
  cancelled: boolean;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { kind?: string; name?: string; retryAfterSeconds?: number };
}

function statusBody(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      return statusBody(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (body && typeof body === 'object' && (body as StatusBody).kind === 'Status') return body as StatusBody;
  return undefined;
}

const cut = (t: string): string => shorten(t, 400);

function fromStatus(code: number, body: unknown, headers: Record<string, string> | undefined, ctx: KubeErrorContext, redactor: Redactor): AttemptFailure {
  const s = statusBody(body);
  const said = saidOf(serverText(redactor, s?.message, { oneLine: true }), cut);
  let kind: FailureKind;
  let message: string;
  if (code === 401) {
    kind = 'unauthorized';
    message = `Kubernetes did not accept the credentials of context "${ctx.context}" (401 Unauthorized): the token, certificate or login has expired or is wrong.`;
  } else if (code === 403) {
    kind = 'forbidden';
    message = `Kubernetes denied ${ctx.action} (403)${said}. Ask for RBAC permission on Secrets in namespace "${ctx.namespace}".`;
  } else if (code === 404) {
    kind = 'notFound';
    message = s?.details?.kind === 'namespaces'
      ? `Namespace "${s.details.name ?? ctx.namespace}" does not exist in context "${ctx.context}".`
      : `Not found while ${ctx.action} (404)${said}.`;
  } else if (code === 409) {
    kind = 'conflict';
    message = `The Secret changed while ${ctx.action} (409 Conflict)${said}.`;
  } else if (code === 422 || code === 400) {
    kind = 'invalid';
    message = `Kubernetes rejected ${ctx.action} (${code})${said}.`;
  } else if (code === 429) {
    kind = 'rateLimited';
    message = `The Kubernetes API server is throttling requests (429) while ${ctx.action}; try again later.`;
  } else if (code >= 500) {
    kind = 'serverError';
    message = `The Kubernetes API server failed (${code}) while ${ctx.action}${said}.`;
  } else {
    kind = 'serverError';
    message = `The Kubernetes API server answered ${code} while ${ctx.action}${said}.`;
  }
  const out: AttemptFailure = { failure: { kind, message: redactor.redact(message), status: code }, transient: code === 409 || code === 429 || code >= 500 };
  const after = Number(headers?.['retry-after'] ?? s?.details?.retryAfterSeconds);
  if (Number.isFinite(after) && after > 0) out.retryAfterSeconds = after;
  return out;
}

/** Anything a client-node call threw, as an AttemptFailure. */
export function kubeFailure(error: unknown, ctx: KubeErrorContext): AttemptFailure {
  if (ctx.cancelled) return { failure: { kind: 'cancelled', message: 'The operation was cancelled.' }, transient: false };
  if (ctx.timedOut) {
    return { failure: { kind: 'unreachable', message: `The Kubernetes API server at ${ctx.server} did not answer within ${seconds(ctx.timeoutMs)} while ${ctx.action}.` }, transient: false };
  }
  const e = error as { code?: unknown; body?: unknown; headers?: Record<string, string>; name?: string; syscall?: string; path?: string; message?: string };
  const redactor = callRedactor(ctx.values);
  if (typeof e?.code === 'number') return fromStatus(e.code, e.body, e.headers, ctx, redactor);
  const what = `the Kubernetes API server at ${ctx.server}`;
  if (typeof e?.syscall === 'string' && e.syscall.startsWith('spawn')) {
    return { failure: { kind: 'unauthorized', message: `The exec credential plugin of context "${ctx.context}" could not be started (${String(e.code)}): is "${e.path ?? e.syscall.slice(6)}" installed and on PATH?` }, transient: false };
  }
  const problem = describeNetworkError(error, what);
  if (problem) {
    const hint = problem.tls ? ' Check certificate-authority / certificate-authority-data in the kubeconfig.' : '';
    return { failure: { kind: 'unreachable', message: redactor.redact(problem.message + hint) }, transient: problem.transient };
  }
  // An exec plugin's stderr or an OIDC error may quote the credentials: redact (before taking its first line).
  const raw = e?.message ?? String(error);
  const firstLine = (t: string): string => t.split('\n')[0]!.trim();
  let text = redactor.clean(raw) ?? 'its message is not shown because it may contain a credential';
  // Node quotes the offending header (a token) in this error: never pass it on.
  if (/is not a legal HTTP header/i.test(text) || /Invalid character in header/i.test(text)) text = 'the credentials contain characters that cannot be sent in an HTTP header';
  if (e?.name !== 'FetchError' && !/request to .* failed/.test(text)) {
    // Thrown before any request: a credential plugin (exec, OIDC) or the kubeconfig itself.
    return { failure: { kind: 'unauthorized', message: `Could not get credentials for context "${ctx.context}": ${shorten(firstLine(text), 400)}` }, transient: false };
  }
  return { failure: { kind: 'unreachable', message: `Cannot reach ${what}: ${shorten(text.replace(/\s+/g, ' ').trim(), 400)}.` }, transient: false };
}
