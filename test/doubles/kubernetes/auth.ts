/**
 * Authentication (bearer token, basic, client certificate signed by the double's CA) and an RBAC-like check.
 */
import type { TLSSocket } from 'node:tls';
import type { RouteContext } from '../router';
import type { KubeState, User } from './state';
import { forbidden, StatusError, unauthorized, type ResourceName, type Status } from './status';

/** The user a request authenticates as, or undefined (the caller answers 401). */
export function authenticateRequest(state: KubeState, ctx: RouteContext<User>): User | undefined {
  const header = ctx.req.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return state.tokens.get(header.slice('Bearer '.length).trim());
  if (header.startsWith('Basic ')) {
    const pair = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return state.basicUsers.get(pair);
  }
  if (header) return undefined;
  const socket = ctx.req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate === 'function' && socket.authorized) {
    const cert = socket.getPeerCertificate();
    const cn = cert?.subject?.CN;
    if (typeof cn === 'string' && cn) {
      const o = cert.subject.O;
      const groups = Array.isArray(o) ? o : o ? [o] : [];
      const extra = state.certificateUsers.get(cn);
      return { name: cn, groups, ...(extra?.rules ? { rules: extra.rules } : {}) };
    }
  }
  return undefined;
}

export function sendUnauthorized(ctx: RouteContext<User>): void {
  ctx.send(401, unauthorized());
}

/** Throws a 403 `Status` unless the user may `verb` the resource. */
export function authorize(user: User, verb: string, r: ResourceName, namespace: string | undefined, name?: string): void {
  const denied = check(user, verb, r, namespace, name);
  if (denied) throw new StatusError(denied);
}

function check(user: User, verb: string, r: ResourceName, namespace: string | undefined, name?: string): Status | undefined {
  if (!user.rules) return undefined;
  const allowed = user.rules.some(rule =>
    (rule.verbs.includes('*') || rule.verbs.includes(verb)) &&
    (rule.resources.includes('*') || rule.resources.includes(r.resource)) &&
    (!rule.namespaces || (namespace !== undefined && rule.namespaces.includes(namespace))) &&
    (!rule.resourceNames || (name !== undefined && rule.resourceNames.includes(name))));
  return allowed ? undefined : forbidden(user.name, verb, r, namespace, name);
}
