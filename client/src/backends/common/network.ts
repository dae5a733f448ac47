/**
 * Turns a Node network error (connection refused, reset, DNS, TLS, proxy) into one sentence a user can act on.
 * Shared by the Kubernetes and MLRun API backends.
 */
import { ownValue } from '../../../../shared/src/records';

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a CA that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by a CA that is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of its certificate is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of its certificate is not trusted',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is not valid for this host name',
  CERT_SIGNATURE_FAILURE: 'its certificate signature is invalid',
  ERR_SSL_WRONG_VERSION_NUMBER: 'it does not speak TLS on this port (is the URL http:// rather than https://?)',
  EPROTO: 'the TLS handshake failed',
};

export interface NetworkProblem {
  /** One sentence (no trailing advice). */
  message: string;
  /** Worth retrying (the connection was reset or dropped). */
  transient: boolean;
  tls: boolean;
}

function codeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Describes a failed connection to `what` (e.g. "the Kubernetes API server at https://…"), or undefined if unknown. */
export function describeNetworkError(error: unknown, what: string): NetworkProblem | undefined {
  const code = codeOf(error);
  const text = messageOf(error);
  const tls = code ? ownValue(TLS_CODES, code) : undefined;
  if (code && tls) {
    return { message: `Cannot trust ${what}: ${tls} (${code}).`, transient: false, tls: true };
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(text) && !code?.startsWith('E')) {
    return { message: `Cannot trust ${what}: ${text}.`, transient: false, tls: true };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return { message: `Cannot connect to ${what}: the connection was refused (is it running, and is the port right?).`, transient: false, tls: false };
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'UND_ERR_SOCKET':
      return { message: `The connection to ${what} was reset before it answered.`, transient: true, tls: false };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: `Cannot resolve the host name of ${what} (${code}).`, transient: code === 'EAI_AGAIN', tls: false };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { message: `The network cannot reach ${what} (${code}).`, transient: false, tls: false };
    case 'ETIMEDOUT':
      return { message: `Connecting to ${what} timed out.`, transient: false, tls: false };
    case 'ERR_INVALID_URL':
      return { message: `The URL of ${what} is not valid.`, transient: false, tls: false };
  }
  if (/socket hang up/i.test(text)) return { message: `The connection to ${what} was closed before it answered.`, transient: true, tls: false };
  if (/proxy/i.test(text)) return { message: `The proxy refused the connection to ${what}: ${text}.`, transient: false, tls: false };
  return undefined;
}
