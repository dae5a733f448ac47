/**
 * Kubernetes `Status` objects (meta/v1) with the messages and reasons the real API server uses, so clients see
 * the same bodies they would against a cluster.
 */

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** Thrown inside handlers; the server turns it into the response. */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? `HTTP ${status.code}`);
  }
}

/** A resource as the API server names it in messages: `secrets`, `jobs.batch`. */
export interface ResourceName {
  group: string;
  resource: string;
}

function qualified(r: ResourceName): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

function failure(code: number, reason: string, message: string, details?: Status['details']): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return s;
}

export function notFound(r: ResourceName, name: string): Status {
  return failure(404, 'NotFound', `${qualified(r)} "${name}" not found`, { name, ...(r.group ? { group: r.group } : {}), kind: r.resource });
}

export function pathNotFound(): Status {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(r: ResourceName, name: string): Status {
  return failure(409, 'AlreadyExists', `${qualified(r)} "${name}" already exists`, { name, ...(r.group ? { group: r.group } : {}), kind: r.resource });
}

export function conflict(r: ResourceName, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): Status {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, { name, ...(r.group ? { group: r.group } : {}), kind: r.resource });
}

/** Go's `%q` for the ASCII strings these messages hold. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

export function invalidCause(field: string, value: string, detail: string): StatusCause {
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${goQuote(value)}: ${detail}`, field };
}

export function requiredCause(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueRequired', message: `Required value: ${detail}`, field };
}

export function tooLongCause(field: string, max: number): StatusCause {
  return { reason: 'FieldValueTooLong', message: `Too long: must have at most ${max} bytes`, field };
}

export function forbiddenCause(field: string, detail: string): StatusCause {
  return { reason: 'FieldValueForbidden', message: `Forbidden: ${detail}`, field };
}

/** 422 with the aggregate message `Kind "name" is invalid: [field: msg, ...]`. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): Status {
  const parts = causes.map(c => (c.field ? `${c.field}: ${c.message}` : c.message));
  const joined = parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
  return failure(422, 'Invalid', `${kind} ${goQuote(name)} is invalid: ${joined}`, { name, ...(group ? { group } : {}), kind, causes });
}

export function forbidden(user: string, verb: string, r: ResourceName, namespace: string | undefined, name?: string): Status {
  const subject = name ? `${qualified(r)} ${goQuote(name)}` : qualified(r);
  const scope = namespace ? `in the namespace ${goQuote(namespace)}` : 'at the cluster scope';
  const message = `${subject} is forbidden: User ${goQuote(user)} cannot ${verb} resource ${goQuote(r.resource)} in API group ${goQuote(r.group)} ${scope}`;
  return failure(403, 'Forbidden', message, { ...(name ? { name } : {}), ...(r.group ? { group: r.group } : {}), kind: r.resource });
}

export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

export function badRequest(message: string): Status {
  return failure(400, 'BadRequest', message);
}

export function methodNotAllowed(): Status {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

export function unsupportedMediaType(_contentType: string, accepted: string[]): Status {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`, {});
}

export function internalError(message: string): Status {
  return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ reason: 'UnexpectedServerResponse', message }] });
}

export function gone(message: string): Status {
  return failure(410, 'Expired', message);
}

export function success(r: ResourceName, name: string, uid: string | undefined): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, ...(r.group ? { group: r.group } : {}), kind: r.resource, ...(uid ? { uid } : {}) },
    code: 200,
  } as Status;
}

/** The body a fault injector sends for a bare status code. */
export function statusForCode(code: number): Status {
  switch (code) {
    case 400: return badRequest('bad request (injected fault)');
    case 401: return unauthorized();
    case 403: return failure(403, 'Forbidden', 'forbidden (injected fault)');
    case 404: return pathNotFound();
    case 409: return failure(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected fault)');
    case 422: return failure(422, 'Invalid', 'invalid (injected fault)');
    case 429: return failure(429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 });
    case 503: return failure(503, 'ServiceUnavailable', 'The server is currently unable to handle the request (injected fault)');
    case 504: return failure(504, 'Timeout', 'Timeout: request did not complete within the allowed duration (injected fault)');
    default: return code >= 500 ? internalError('injected fault') : failure(code, 'Unknown', `HTTP ${code} (injected fault)`);
  }
}
