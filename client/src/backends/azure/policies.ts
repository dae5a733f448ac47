/**
 * Pipeline policies added to the Key Vault and Entra clients:
 * - a bounded retry policy replacing the SDK's (whose throttling retry waits whatever `Retry-After` says, unbounded):
 *   it retries 429/503 when the server asks for at most `maxRetryAfterMs`, 500/502/503/504 and connection resets
 *   with capped exponential backoff, at most `maxRetries` times, each wait abortable;
 * - a logging policy: method, host, path and status of every HTTP attempt — never headers, bodies or queries.
 */
import type { SecretClientOptions } from '@azure/keyvault-secrets';
import type { Logger } from '../types';
import { abortableDelay, isAbortError } from './abort';

type AdditionalPolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number];
export type Policy = AdditionalPolicy['policy'];
type SendRequest = Policy['sendRequest'];
export type PipelineRequest = Parameters<SendRequest>[0];
export type PipelineResponse = Awaited<ReturnType<SendRequest>>;
type HeaderBag = PipelineResponse['headers'];

export interface RetrySettings {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A `Retry-After` longer than this is not waited for: the call fails as rate-limited at once. */
  maxRetryAfterMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout (connect + response). */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxRetries: 3,
  maxRetryAfterMs: 30_000,
  baseDelayMs: 800,
  maxDelayMs: 8_000,
  requestTimeoutMs: 30_000,
};

/** Milliseconds a 429/503 response asks to wait (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`), if any. */
export function retryAfterMs(headers: HeaderBag | undefined, status: number | undefined): number | undefined {
  if (!headers || (status !== 429 && status !== 503)) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(name);
    if (v !== undefined && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  }
  const ra = headers.get('retry-after')?.trim();
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra)) return Number(ra) * 1000;
  const date = Date.parse(ra);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const RETRIABLE_STATUS = new Set([500, 502, 503, 504]);
const RETRIABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && RETRIABLE_NETWORK.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const msg = e instanceof Error ? e.message : '';
  return [...RETRIABLE_NETWORK].find(c => msg.includes(c));
}

export function boundedRetryPolicy(settings: RetrySettings, logger: Logger): Policy {
  return {
    name: 'mlrunSecretsBoundedRetry',
    async sendRequest(request: PipelineRequest, next) {
      for (let attempt = 0; ; attempt++) {
        if (!request.timeout) request.timeout = settings.requestTimeoutMs;
        let response: PipelineResponse | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (e) {
          error = e;
        }
        const backoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
        let wait: number | undefined;
        if (attempt < settings.maxRetries && !(error && isAbortError(error))) {
          if (response) {
            const asked = retryAfterMs(response.headers, response.status);
            if (asked !== undefined) wait = asked <= settings.maxRetryAfterMs ? asked : undefined;
            else if (response.status === 429 || RETRIABLE_STATUS.has(response.status)) wait = backoff;
          } else if (networkCode(error)) {
            wait = backoff;
          }
        }
        if (wait === undefined) {
          if (response) return response;
          throw error;
        }
        logger.trace(`azure: retrying ${request.method} ${new URL(request.url).host} in ${Math.round(wait)} ms (${response ? `HTTP ${response.status}` : networkCode(error)}), retry ${attempt + 1} of ${settings.maxRetries}`);
        await abortableDelay(wait, request.abortSignal);
      }
    },
  };
}

export function loggingPolicy(logger: Logger): Policy {
  return {
    name: 'mlrunSecretsLogging',
    async sendRequest(request: PipelineRequest, next) {
      const url = new URL(request.url);
      const where = `${request.method} ${url.host} ${url.pathname}`;
      const started = Date.now();
      try {
        const response = await next(request);
        logger.trace(`azure: ${where} → ${response.status} (${Date.now() - started} ms)`);
        return response;
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        logger.trace(`azure: ${where} → ${isAbortError(e) ? 'cancelled' : `failed${typeof code === 'string' ? ` (${code})` : ''}`}`);
        throw e;
      }
    },
  };
}

/** Key Vault's error body (`{"error":{"code","message","innererror":{"code"}}}`), as far as it goes. */
export interface KeyVaultErrorBody {
  code?: string;
  message?: string;
  innerCode?: string;
}

const errorBodies = new WeakMap<object, KeyVaultErrorBody>();

/** The error body of the last failed response to `request`, when it was Key Vault's JSON error shape. */
export function errorBodyOf(request: unknown): KeyVaultErrorBody | undefined {
  return request && typeof request === 'object' ? errorBodies.get(request) : undefined;
}

/**
 * Keeps the code, message and inner code of Key Vault error bodies: the SDK's pager throws
 * "Pagination failed with unexpected statusCode 403" and drops the body, which says what actually went wrong.
 */
export function errorBodyPolicy(): Policy {
  return {
    name: 'mlrunSecretsErrorBody',
    async sendRequest(request: PipelineRequest, next) {
      const response = await next(request);
      if (response.status >= 400 && response.bodyAsText) {
        try {
          const e = (JSON.parse(response.bodyAsText) as { error?: { code?: unknown; message?: unknown; innererror?: { code?: unknown } } }).error;
          if (e && typeof e === 'object') {
            errorBodies.set(request, {
              ...(typeof e.code === 'string' ? { code: e.code } : {}),
              ...(typeof e.message === 'string' ? { message: e.message } : {}),
              ...(typeof e.innererror?.code === 'string' ? { innerCode: e.innererror.code } : {}),
            });
          }
        } catch {
          // not JSON: nothing to keep
        }
      }
      return response;
    },
  };
}

/**
 * Status of the last response a credential's pipeline got from Entra. Azure Identity turns Entra errors into an
 * `AuthenticationRequiredError` without the HTTP status; this keeps it, so 429 and 5xx are not called "unauthorized".
 */
export interface LastResponse {
  status?: number;
  retryAfterMs?: number;
}

export function lastResponsePolicy(last: LastResponse): Policy {
  return {
    name: 'mlrunSecretsLastResponse',
    async sendRequest(request: PipelineRequest, next) {
      const response = await next(request);
      last.status = response.status;
      last.retryAfterMs = retryAfterMs(response.headers, response.status);
      return response;
    },
  };
}

/** The SDK client options every client here gets: our retry and logging instead of the SDK's unbounded retries. */
export function pipelineOptions(settings: RetrySettings, logger: Logger, last?: LastResponse): Pick<SecretClientOptions, 'retryOptions' | 'additionalPolicies'> {
  return {
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [
      { policy: boundedRetryPolicy(settings, logger), position: 'perCall' },
      { policy: loggingPolicy(logger), position: 'perRetry' },
      { policy: errorBodyPolicy(), position: 'perRetry' },
      ...(last ? [{ policy: lastResponsePolicy(last), position: 'perRetry' as const }] : []),
    ],
  };
}
