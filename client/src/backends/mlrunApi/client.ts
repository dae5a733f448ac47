/**
 * The MLRun API client: `<endpoint>/api/v1/<path>`, credentials per the auth mode, JSON in and out, a per-request
 * timeout, bounded retries for idempotent calls, and a log line per request (method, path, status, time, key
 * names — never values, bodies or credentials).
 */
import { readFileSync } from 'node:fs';
import type { AuthMode } from '../../../../shared/src/settings';
import { parseJson } from '../../../../shared/src/records';
import { requestSignal, seconds } from '../common/abort';
import { describeNetworkError } from '../common/network';
import { callRedactor, headerSecrets, inFlight } from '../common/redact';
import { retryPolicy, withRetry, type Attempt, type AttemptFailure, type RetryPolicy } from '../common/retry';
import { fail, silentLogger, type Logger, type Result } from '../types';
import { authHeaders, type CredentialProvider } from './auth';
import { statusFailure } from './errors';
import { send, ProxyError, type HttpResponse, type HttpTarget } from './http';

export interface MlrunClientOptions {
  /** Normalised base URL (see endpoint.ts). */
  endpoint: string;
  authMode?: AuthMode;
  credentials?: CredentialProvider;
  /** PEM file with extra CA certificates (`mlrunSecrets.mlrunApi.caFile`). */
  caFile?: string;
  /** HTTP(S) proxy URL (VS Code's `http.proxy`). */
  proxyUrl?: string;
  noProxy?: string[];
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
}

export interface CallOptions {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path under `api/v1/`, already URL-encoded. */
  path: string;
  query?: [string, string][];
  json?: unknown;
  /** Expected success statuses. */
  expect: number[];
  action: string;
  project?: string;
  /** Values the request carries (redacted from any server text). */
  values?: readonly string[];
  /** Retry transient failures (idempotent calls only). */
  retry: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `x-mlrun-client-version`); never credentials or values. */
  headers?: Record<string, string>;
}

/** A successful answer as it came: status, headers and body bytes (for `text/plain` endpoints such as logs). */
export interface RawAnswer {
  status: number;
  headers: HttpResponse['headers'];
  body: Buffer;
}

/** JSON with non-ASCII escaped as `\uXXXX`, as Python's `json.dumps` (ensure_ascii=True) writes it. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The password (and user:password) in a proxy URL. */
function proxySecrets(proxyUrl: string | undefined): string[] {
  try {
    const p = proxyUrl ? new URL(proxyUrl) : undefined;
    return p?.password ? [decodeURIComponent(p.password), `${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`] : [];
  } catch {
    return [];
  }
}

export class MlrunClient {
  readonly endpoint: string;
  private readonly target: HttpTarget;
  private readonly policy: RetryPolicy;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly setupProblem?: string;

  constructor(private readonly options: MlrunClientOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.policy = retryPolicy(options.retry);
    this.target = { proxyUrl: options.proxyUrl || undefined, noProxy: options.noProxy };
    if (options.caFile) {
      try {
        const pem = readFileSync(options.caFile, 'utf8');
        if (!pem.includes('-----BEGIN CERTIFICATE-----')) this.setupProblem = `The CA file ${options.caFile} (mlrunSecrets.mlrunApi.caFile) holds no PEM certificate.`;
        else this.target.caPem = pem;
      } catch (e) {
        this.setupProblem = `Cannot read the CA file ${options.caFile} (mlrunSecrets.mlrunApi.caFile): ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`;
      }
    }
    if (this.target.proxyUrl) {
      try {
        const p = new URL(this.target.proxyUrl);
        if (p.protocol !== 'http:' && p.protocol !== 'https:') this.setupProblem = `The proxy URL must start with http:// or https:// (not ${p.protocol}//).`;
      } catch {
        this.setupProblem = 'The proxy URL (http.proxy) is not a valid URL.';
      }
    }
  }

  /** Calls the API; the value is the parsed JSON body (undefined for an empty body). */
  async call<T>(o: CallOptions): Promise<Result<T>> {
    if (this.setupProblem) return fail('invalid', this.setupProblem);
    const policy = o.retry ? this.policy : { ...this.policy, attempts: 1 };
    return withRetry<T>(policy, o.signal, async n => {
      const r = await this.attempt(o, n);
      return r.ok ? this.parseJson<T>(o, r.value) : r;
    }, (n, delay, why) =>
      this.logger.warn(`MLRun API ${o.method} ${o.path}: attempt ${n} failed (${why.failure.status ?? 'network'}); retrying in ${delay} ms`));
  }

  /** Calls the API and hands back the answer as it came (status, headers, body bytes), for non-JSON endpoints. */
  async callRaw(o: CallOptions): Promise<Result<RawAnswer>> {
    if (this.setupProblem) return fail('invalid', this.setupProblem);
    const policy = o.retry ? this.policy : { ...this.policy, attempts: 1 };
    return withRetry<RawAnswer>(policy, o.signal, async n => {
      const r = await this.attempt(o, n);
      return r.ok ? { ok: true, value: { status: r.value.status, headers: r.value.headers, body: r.value.body } } : r;
    }, (n, delay, why) =>
      this.logger.warn(`MLRun API ${o.method} ${o.path}: attempt ${n} failed (${why.failure.status ?? 'network'}); retrying in ${delay} ms`));
  }

  private parseJson<T>(o: CallOptions, res: HttpResponse): Attempt<T> {
    if (res.body.length === 0) return { ok: true, value: undefined as T };
    try {
      return { ok: true, value: parseJson(res.body.toString('utf8')) as T };
    } catch {
      return { ok: false, error: { failure: { kind: 'serverError', message: `The MLRun API at ${this.endpoint} answered ${o.action} with something that is not JSON — is the URL the MLRun API?`, status: res.status }, transient: false } };
    }
  }

  private async attempt(o: CallOptions, n: number): Promise<Attempt<HttpResponse>> {
    const creds = this.options.credentials ? await this.options.credentials.get(this.endpoint) : undefined;
    const auth = authHeaders(this.options.authMode ?? 'auto', creds, this.endpoint);
    if (!auth.ok) return { ok: false, error: { failure: auth.error, transient: false } };
    // Everything this request carries, for the redactor: its values, the credentials and their headers.
    const credentials = [creds?.token, creds?.password, creds?.username && creds.password ? `${creds.username}:${creds.password}` : undefined, ...headerSecrets(auth.value), ...proxySecrets(this.target.proxyUrl)];
    inFlight.remember(credentials);
    const carried = [...(o.values ?? []), ...credentials].filter((v): v is string => !!v);
    const release = inFlight.hold(o.values ?? []);
    try {
      return await this.exchange(o, n, auth.value, carried);
    } finally {
      release();
    }
  }

  private async exchange(o: CallOptions, n: number, credentialHeaders: Record<string, string>, carried: string[]): Promise<Attempt<HttpResponse>> {
    const url = new URL(`${this.endpoint}/api/v1/${o.path}`);
    for (const [k, v] of o.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers, ...credentialHeaders };
    let body: Buffer | undefined;
    if (o.json !== undefined) {
      body = Buffer.from(asciiJson(o.json), 'utf8');
      headers['content-type'] = 'application/json';
    }
    const rs = requestSignal(o.signal, this.timeoutMs);
    const started = Date.now();
    const shownPath = `${url.pathname}${url.search}`;
    let res: HttpResponse;
    try {
      res = await send(this.target, { method: o.method, url, headers, body, signal: rs.signal });
    } catch (e) {
      const ms = Date.now() - started;
      if (rs.cancelled()) return { ok: false, error: { failure: { kind: 'cancelled', message: 'The operation was cancelled.' }, transient: false } };
      if (rs.timedOut()) {
        this.logger.warn(`MLRun API ${o.method} ${shownPath} timed out after ${ms} ms (attempt ${n})`);
        return { ok: false, error: { failure: { kind: 'unreachable', message: `The MLRun API at ${this.endpoint} did not answer within ${seconds(this.timeoutMs)} while ${o.action}.` }, transient: false } };
      }
      return { ok: false, error: this.networkFailure(e, o, shownPath, ms, carried) };
    } finally {
      rs.dispose();
    }
    const ms = Date.now() - started;
    this.logger.trace(`MLRun API ${o.method} ${shownPath} → ${res.status} (${ms} ms)`);
    if (!o.expect.includes(res.status)) {
      return { ok: false, error: statusFailure(res.status, res.body, res.headers, { endpoint: this.endpoint, action: o.action, project: o.project, values: carried }) };
    }
    return { ok: true, value: res };
  }

  private networkFailure(e: unknown, o: CallOptions, shownPath: string, ms: number, carried: string[]): AttemptFailure {
    const what = `the MLRun API at ${this.endpoint}`;
    if (e instanceof ProxyError) {
      this.logger.warn(`MLRun API ${o.method} ${shownPath}: proxy failure (${e.status ?? 'no status'})`);
      const hint = e.status === 407 ? ' (the proxy needs credentials: put them in http.proxy as http://user:password@host:port)' : '';
      return { failure: { kind: 'unreachable', message: callRedactor(carried).redact(`Cannot reach ${what} through the proxy: ${e.message}${hint}.`) }, transient: false };
    }
    const problem = describeNetworkError(e, what);
    const code = (e as { code?: string }).code ?? 'error';
    this.logger.warn(`MLRun API ${o.method} ${shownPath} failed after ${ms} ms: ${code}`);
    if (problem) {
      const hint = problem.tls ? ' Set mlrunSecrets.mlrunApi.caFile to the CA that signed its certificate.' : '';
      return { failure: { kind: 'unreachable', message: callRedactor(carried).redact(problem.message + hint) }, transient: problem.transient };
    }
    const text = callRedactor(carried).clean(e instanceof Error ? e.message : String(e), { oneLine: true }) ?? 'the connection failed';
    return { failure: { kind: 'unreachable', message: `Cannot reach ${what}: ${text}.` }, transient: false };
  }
}

