/**
 * Turns whatever the Azure SDKs throw into one `Failure` sentence a user can act on. Key Vault's error code travels
 * in `Failure.code` (e.g. `ObjectIsDeletedButRecoverable`) so a command can offer the matching action. Every text
 * passes through the redactor (common/redact.ts) with the values and credentials in flight, whole, before it is cut,
 * so no secret value or credential can leak through a server message.
 */
import type { Failure, FailureKind } from '../types';
import { callRedactor, WITHHELD } from '../common/redact';
import { isAbortError } from './abort';
import { errorBodyOf, retryAfterMs, type LastResponse, type PipelineResponse } from './policies';
import { ownValue } from '../../../../shared/src/records';

export type VaultOp = 'list' | 'get' | 'set' | 'delete' | 'recover' | 'purge' | 'listDeleted';

export interface ErrorContext {
  op: VaultOp;
  vault: string;
  url: string;
  key?: string;
  /** Who is calling, e.g. "the Kubernetes Secret 'azure-creds'" or "your Microsoft account". */
  credential: string;
  /** Values to scrub from any text that reaches the message. */
  redact: readonly string[];
  /** The last Entra response of the credential, when it has a pipeline of ours. */
  entra?: LastResponse;
}

const VERB: Record<VaultOp, string> = {
  list: 'list the secrets of',
  get: 'read secrets from',
  set: 'set secrets in',
  delete: 'delete secrets from',
  recover: 'recover deleted secrets in',
  purge: 'purge deleted secrets from',
  listDeleted: 'list the deleted secrets of',
};

const ACCESS_POLICY_PERMISSION: Record<VaultOp, string> = {
  list: 'List', get: 'Get', set: 'Set', delete: 'Delete', recover: 'Recover', purge: 'Purge', listDeleted: 'List',
};

/**
 * Server-provided text, whole, with the values and credentials in flight hidden (THE redactor, before any cutting:
 * a multi-line value's second line must not survive because the first line was taken), or WITHHELD when it cannot
 * be cleaned.
 */
function scrub(text: string, ctx: ErrorContext): string {
  return callRedactor(ctx.redact).clean(text) ?? WITHHELD;
}

/** First line of a server message, without trailing trace ids, at most 240 characters. */
function firstLine(text: string): string {
  const line = (text.split(/\r?\n/)[0] ?? '').replace(/\s*Trace ID:.*$/, '').trim();
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

interface KeyVaultErrorDetails {
  error?: { code?: string; message?: string; innerError?: { code?: string }; innererror?: { code?: string } };
}

interface RestLike {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
  details?: unknown;
  request?: unknown;
  response?: { status: number; headers: PipelineResponse['headers']; bodyAsText?: string | null };
}

function isRestError(e: unknown): e is RestLike {
  return e instanceof Error && e.name === 'RestError';
}

function make(kind: FailureKind, message: string, status?: number, code?: string): Failure {
  return {
    kind,
    message,
    ...(status !== undefined ? { status } : {}),
    ...(code ? { code } : {}),
  };
}

export function vaultFailure(e: unknown, ctx: ErrorContext): Failure {
  const f = failureOf(e, ctx);
  // The sentence as a whole, once more (a vault or key name can come from a server too).
  return { ...f, message: callRedactor(ctx.redact).redact(f.message) };
}

function failureOf(e: unknown, ctx: ErrorContext): Failure {
  if (isAbortError(e)) return make('cancelled', 'The operation was cancelled.');
  if (isRestError(e)) {
    if (e.statusCode === undefined) return unreachable(e, ctx);
    return fromStatus(e, ctx);
  }
  return credentialFailure(e, ctx);
}

function fromStatus(e: RestLike, ctx: ErrorContext): Failure {
  const status = e.statusCode!;
  const details = ((e.details ?? {}) as KeyVaultErrorDetails).error;
  const kept = errorBodyOf(e.request);
  const code = details?.code ?? kept?.code ?? e.code;
  const inner = details?.innerError?.code ?? details?.innererror?.code ?? kept?.innerCode;
  const serverText = firstLine(scrub(details?.message ?? kept?.message ?? e.message ?? '', ctx));
  const v = `vault '${ctx.vault}'`;
  const k = ctx.key !== undefined ? `'${ctx.key}'` : '';
  const codes = [code, inner].filter(Boolean).join('/');
  switch (status) {
    case 401:
      return make('unauthorized', `Key Vault rejected the token of ${ctx.credential} for ${v} (HTTP 401${codes ? `, ${codes}` : ''}: ${serverText}).`, status, inner ?? code);
    case 403:
      return make('forbidden', forbiddenSentence(ctx, inner, serverText), status, inner ?? code);
    case 404:
      if (ctx.op === 'recover' || ctx.op === 'purge') {
        return make('notFound', `There is no deleted secret ${k} in ${v} (it may have been recovered or purged already).`, status, code);
      }
      return make('notFound', ctx.key !== undefined ? `Secret ${k} does not exist in ${v}.` : `Key Vault answered 404 for ${v}: ${serverText}`, status, code);
    case 409:
      if (inner === 'ObjectIsDeletedButRecoverable') {
        return make('conflict', `Secret ${k} in ${v} is deleted but still recoverable, so its name cannot be reused: recover it (Recover Deleted Vault Secret…) or purge it (Purge Deleted Vault Secret…) first.`, status, inner);
      }
      if (inner === 'ObjectIsBeingDeleted' || inner === 'ObjectIsBeingRecovered') {
        return make('conflict', `Secret ${k} in ${v} is still being ${inner === 'ObjectIsBeingDeleted' ? 'deleted' : 'recovered'}; try again in a few seconds.`, status, inner);
      }
      return make('conflict', `Key Vault refused to ${VERB[ctx.op]} ${v}${k ? ` for ${k}` : ''} because of a conflict (HTTP 409${codes ? `, ${codes}` : ''}: ${serverText}).`, status, inner ?? code);
    case 429: {
      const wait = retryAfterMs(e.response?.headers, 429);
      const after = wait !== undefined ? `it asked to wait ${Math.ceil(wait / 1000)} s` : 'it gave no wait time';
      return make('rateLimited', `Key Vault is throttling requests to ${v} (HTTP 429, ${after}); try again later.`, status, code);
    }
    default:
      if (status >= 500) return make('serverError', `Key Vault failed to ${VERB[ctx.op]} ${v} (HTTP ${status}${codes ? `, ${codes}` : ''}: ${serverText}).`, status, code);
      return make('invalid', `Key Vault rejected the request to ${VERB[ctx.op]} ${v}${k ? ` for ${k}` : ''} (HTTP ${status}${codes ? `, ${codes}` : ''}: ${serverText}).`, status, inner ?? code);
  }
}

function forbiddenSentence(ctx: ErrorContext, inner: string | undefined, serverText: string): string {
  const v = `vault '${ctx.vault}'`;
  switch (inner) {
    case 'ForbiddenByRbac': {
      const role = ctx.op === 'list' || ctx.op === 'get' ? '"Key Vault Secrets User" (or Officer)' : '"Key Vault Secrets Officer"';
      return `${cap(ctx.credential)} has no Azure role that lets it ${VERB[ctx.op]} ${v} (HTTP 403, ForbiddenByRbac): assign it ${role} on the vault.`;
    }
    case 'AccessDenied':
      return `The access policy of ${v} does not give ${ctx.credential} the secret permission "${ACCESS_POLICY_PERMISSION[ctx.op]}" (HTTP 403, AccessDenied).`;
    case 'ForbiddenByFirewall':
      return `The firewall of ${v} does not allow this machine's address (HTTP 403, ForbiddenByFirewall): add it to the vault's networking rules.`;
    case 'ForbiddenByPolicy':
      return ctx.op === 'purge'
        ? `${cap(v)} has purge protection, so deleted secrets cannot be purged; Key Vault removes them when the retention period ends (HTTP 403, ForbiddenByPolicy).`
        : `A policy of ${v} forbids this (HTTP 403, ForbiddenByPolicy: ${serverText}).`;
    case 'SecretDisabled':
      return `Secret '${ctx.key ?? ''}' in ${v} is disabled, so its value cannot be read (HTTP 403, SecretDisabled).`;
    default:
      return `Key Vault denied ${ctx.credential} the right to ${VERB[ctx.op]} ${v} (HTTP 403${inner ? `, ${inner}` : ''}: ${serverText}).`;
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function unreachable(e: RestLike, ctx: ErrorContext): Failure {
  const text = `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}`;
  const host = safeHost(ctx.url);
  const where = `vault '${ctx.vault}' at ${ctx.url}`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) {
    return make('unreachable', `Cannot reach ${where}: the host ${host} does not resolve (check that the vault exists and mlrunSecrets.azure.vaultUrlTemplate).`);
  }
  if (/ECONNREFUSED/.test(text)) return make('unreachable', `Cannot reach ${where}: the connection was refused.`);
  if (/certificate|self[- ]signed|CERT_|UNABLE_TO_VERIFY/i.test(text)) {
    return make('unreachable', `Cannot reach ${where}: its TLS certificate is not trusted (${firstLine(scrub(e.message, ctx))}).`);
  }
  if (/timeout|timed out|ETIMEDOUT/i.test(text)) return make('unreachable', `Cannot reach ${where}: it did not answer in time.`);
  return make('unreachable', `Cannot reach ${where} (${firstLine(scrub(e.message, ctx))}).`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

interface AuthErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  errorResponse?: { error?: string; errorDescription?: string; error_description?: string };
}

const AADSTS_HINT: Record<string, string> = {
  '7000215': 'the client secret is wrong or expired',
  '7000222': 'the client secret has expired',
  '700016': 'the client id is not an app in that tenant',
  '90002': 'the tenant does not exist',
  '900023': 'the tenant id is not valid',
};

/**
 * Entra's answer inside an error: `AuthenticationError.errorResponse`, or the text Azure Identity makes of MSAL's
 * server errors ("invalid_client: Error(s): 7000215 - Timestamp: … - Description: AADSTS7000215: … - Correlation ID: …").
 */
function entraAnswer(err: AuthErrorLike): { error?: string; aadsts?: string; summary: string } | undefined {
  const fromResponse = err.errorResponse;
  const description = fromResponse?.errorDescription ?? fromResponse?.error_description
    ?? /- Description: (.*?)(?: - Correlation ID:| - Trace ID:|$)/s.exec(err.message)?.[1];
  const error = fromResponse?.error ?? /^([a-z_]+): Error\(s\):/.exec(err.message)?.[1];
  if (!description && !error) return undefined;
  const text = (description ?? '').replace(/\s*Trace ID:.*$/s, '').trim();
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  const sentence = /^(AADSTS\d+: .*?\.)(?:\s|$)/s.exec(text)?.[1] ?? text;
  return { ...(error ? { error } : {}), ...(aadsts ? { aadsts } : {}), summary: firstLine(sentence) };
}

/** Failures raised while getting a token (Entra, MSAL, the Microsoft-account adapter, DefaultAzureCredential). */
function credentialFailure(e: unknown, ctx: ErrorContext): Failure {
  const thrown = (e instanceof Error ? e : new Error(String(e))) as AuthErrorLike;
  // Entra's answer may quote the client secret: every text is scrubbed whole before it is parsed or cut.
  const response = thrown.errorResponse;
  const err: AuthErrorLike = {
    name: thrown.name,
    message: scrub(thrown.message ?? '', ctx),
    ...(thrown.statusCode !== undefined ? { statusCode: thrown.statusCode } : {}),
    ...(response ? { errorResponse: {
      ...(response.error !== undefined ? { error: scrub(response.error, ctx) } : {}),
      ...(response.errorDescription !== undefined ? { errorDescription: scrub(response.errorDescription, ctx) } : {}),
      ...(response.error_description !== undefined ? { error_description: scrub(response.error_description, ctx) } : {}),
    } } : {}),
  };
  const msg = err.message;
  if (/challenge resource .* does not match the requested domain/i.test(msg)) {
    const resource = /challenge resource '([^']+)'/.exec(msg)?.[1] ?? 'vault.azure.net';
    return make('invalid', `Refused to send a Key Vault token to ${safeHost(ctx.url)}: it is not under ${resource}, the resource its challenge named (check mlrunSecrets.azure.vaultUrlTemplate).`);
  }
  const tenant = /not configured to acquire tokens for tenant ([^\s.]+)/.exec(msg)?.[1];
  if (tenant) {
    return make('unauthorized', `Vault '${ctx.vault}' belongs to tenant ${tenant}, but ${ctx.credential} signs in to another tenant.`);
  }
  const answer = entraAnswer(err);
  const status = err.statusCode ?? (answer && ctx.entra?.status !== undefined && ctx.entra.status >= 400 ? ctx.entra.status : undefined);
  if (answer) {
    const summary = answer.summary;
    if (status === 429) {
      const wait = ctx.entra?.retryAfterMs;
      return make('rateLimited', `Microsoft Entra is throttling sign-in requests for ${ctx.credential} (HTTP 429${wait !== undefined ? `, it asked to wait ${Math.ceil(wait / 1000)} s` : ''}); try again later.`, status);
    }
    if (status !== undefined && status >= 500) {
      return make('serverError', `Microsoft Entra failed to issue a token for ${ctx.credential} (HTTP ${status}: ${summary}).`, status);
    }
    const hint = answer.aadsts && ownValue(AADSTS_HINT, answer.aadsts) ? `: ${ownValue(AADSTS_HINT, answer.aadsts)}` : '';
    return make('unauthorized', `Microsoft Entra rejected ${ctx.credential}${hint} (${summary || answer.error || 'no details'}).`, status, answer.aadsts ? `AADSTS${answer.aadsts}` : answer.error);
  }
  if (/ENOTFOUND|ECONNREFUSED|ECONNRESET|certificate|ETIMEDOUT|network/i.test(msg)) {
    return make('unreachable', `Cannot reach the sign-in endpoint for ${ctx.credential} (${firstLine(msg)}).`);
  }
  if (err.name === 'CredentialUnavailableError' || err.name === 'AggregateAuthenticationError') {
    return make('unauthorized', `${cap(ctx.credential)} is not available: ${firstLine(msg)}`);
  }
  return make('unauthorized', `Could not get a Key Vault token from ${ctx.credential} (${firstLine(msg) || err.name}).`);
}
