/**
 * MLRun's `AuthVerifier.authenticate_request` (server/api/utils/auth/verifier.py) for the modes `none`, `basic`
 * and `bearer`, with MLRun's own 401 texts, and the `iguazio` mode reduced to what a client can see: a session
 * cookie `session=j:{"sid": "<token>"}` (or basic `user:<access key>`) that the platform accepts or rejects.
 */
import type { RouteContext } from '../router';
import { detail, MlrunHttpError } from './errors';
import type { MlrunState } from './state';

export interface MlrunPrincipal {
  username?: string;
  mode: string;
}

function unauthorized(message: string): MlrunHttpError {
  return new MlrunHttpError(401, detail('MLRunUnauthorizedError', message));
}

/** The `sid` of an Iguazio session cookie, if the request has one. */
export function sessionFromCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== 'session') continue;
    let value = rest.join('=');
    if (value.startsWith('j%3A')) value = decodeURIComponent(value);
    if (!value.startsWith('j:')) return undefined;
    try {
      const sid = (JSON.parse(value.slice(2)) as { sid?: unknown }).sid;
      return typeof sid === 'string' ? sid : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function parseBasic(header: string): [string, string] {
  const value = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
  const at = value.indexOf(':');
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)];
}

export function authenticate(state: MlrunState, ctx: RouteContext<MlrunPrincipal>): MlrunPrincipal {
  const auth = state.auth;
  const header = ctx.req.headers.authorization ?? '';
  const remoteUser = typeof ctx.req.headers['x-remote-user'] === 'string' ? ctx.req.headers['x-remote-user'] : undefined;
  switch (auth.mode) {
    case 'basic': {
      if (!header.startsWith('Basic ')) throw unauthorized('Missing basic auth header');
      const [username, password] = parseBasic(header);
      if (username !== auth.username || password !== auth.password) throw unauthorized('Username or password did not match');
      return { username, mode: 'basic' };
    }
    case 'bearer': {
      if (!header.startsWith('Bearer ')) throw unauthorized('Missing bearer auth header');
      if (header.slice('Bearer '.length) !== auth.token) throw unauthorized('Token did not match');
      return { username: remoteUser, mode: 'bearer' };
    }
    case 'iguazio': {
      const sessions = auth.sessions ?? [];
      const sid = sessionFromCookie(ctx.req.headers.cookie);
      if (sid !== undefined && sessions.includes(sid)) return { username: remoteUser ?? 'iguazio-user', mode: 'iguazio' };
      if (header.startsWith('Basic ')) {
        const [username, password] = parseBasic(header);
        if (sessions.includes(password)) return { username, mode: 'iguazio' };
      }
      // The platform's verification answers 401 and MLRun raises it as-is (message shape not verified).
      throw unauthorized('Failed to verify iguazio session (401 Unauthorized)');
    }
    default:
      return { username: remoteUser, mode: 'none' };
  }
}
