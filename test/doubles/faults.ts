/**
 * Fault injection shared by the HTTP doubles (never shipped).
 *
 * A rule matches requests by method and path (string prefix or RegExp on the path without the query) and applies
 * to the next `times` matching requests (default: every one until removed):
 *   - `status`: answer with that status and body (default body: the double's own error shape for the status);
 *   - `reset`:  destroy the TCP connection without an answer (ECONNRESET on the client);
 *   - `hang`:   accept the request and never answer (the client's timeout fires);
 *   - `delay`:  wait `ms`, then handle the request normally (slow responses);
 *   - `echo`:   answer with that status and the double's error body whose message reflects the request's values
 *               and credentials in `encoding` (echo.ts), as a careless or hostile server would.
 *
 *   double.faults.add({ path: /\/secrets/, method: 'PATCH', times: 2, action: { kind: 'status', status: 500 } });
 *   double.faults.next(1, { kind: 'reset' });
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { credentialsOf, echoMessage, readRequestBody, type EchoEncoding } from './echo';

export type FaultAction =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'delay'; ms: number }
  | { kind: 'echo'; status: number; encoding: EchoEncoding };

/** How a double echoes: the values in a request body, and its error body around a message. */
export interface EchoShape {
  valuesOf(body: Buffer, req: IncomingMessage): string[];
  errorBody(status: number, message: string): unknown;
}

export interface FaultRule {
  method?: string;
  path?: string | RegExp;
  /** How many matching requests the rule applies to; undefined = all until removed. */
  times?: number;
  action: FaultAction;
}

interface ActiveRule extends FaultRule {
  id: number;
  used: number;
}

/** What `apply` decided: answered (or dropped) the request, or let it through (possibly after a delay). */
export type FaultOutcome = 'handled' | 'continue';

export class Faults {
  private rules: ActiveRule[] = [];
  private nextId = 1;
  private readonly hung = new Set<Socket>();
  /** Requests a fault was applied to (for assertions). */
  applied = 0;

  /**
   * @param errorBody the double's error body for a status (a Kubernetes `Status`, MLRun's `{"detail": ...}`).
   */
  constructor(private readonly errorBody: (status: number) => unknown, private readonly echo?: EchoShape) {}

  /** Adds a rule; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    const active: ActiveRule = { ...rule, id: this.nextId++, used: 0 };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter(r => r.id !== active.id);
    };
  }

  /** The next `n` requests (matching `match`, if given) get `action`. */
  next(n: number, action: FaultAction, match: Omit<FaultRule, 'action' | 'times'> = {}): () => void {
    return this.add({ ...match, times: n, action });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules that still have uses left. */
  get pending(): number {
    return this.rules.length;
  }

  /** Drops connections held by `hang` faults (called when the double stops). */
  releaseHung(): void {
    for (const s of this.hung) s.destroy();
    this.hung.clear();
  }

  async apply(req: IncomingMessage, res: ServerResponse, path: string): Promise<FaultOutcome> {
    const rule = this.rules.find(r => matches(r, req.method ?? 'GET', path));
    if (!rule) return 'continue';
    rule.used++;
    if (rule.times !== undefined && rule.used >= rule.times) this.rules = this.rules.filter(r => r !== rule);
    this.applied++;
    const action = rule.action;
    switch (action.kind) {
      case 'delay':
        await new Promise(resolve => setTimeout(resolve, action.ms));
        return 'continue';
      case 'reset':
        // A TCP RST where the socket supports it (plain TCP); a TLS socket is destroyed without an answer.
        try {
          req.socket.resetAndDestroy();
        } catch {
          req.socket.destroy();
        }
        return 'handled';
      case 'hang': {
        const socket = req.socket;
        this.hung.add(socket);
        socket.once('close', () => this.hung.delete(socket));
        return 'handled';
      }
      case 'status':
        send(res, action.status, action.body === undefined ? this.errorBody(action.status) : action.body, action.headers);
        return 'handled';
      case 'echo': {
        if (!this.echo) throw new Error('this double has no echo mode');
        const raw = await readRequestBody(req);
        const secrets = [...this.echo.valuesOf(raw, req), ...credentialsOf(req)];
        send(res, action.status, this.echo.errorBody(action.status, echoMessage(secrets, action.encoding)));
        return 'handled';
      }
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
}
