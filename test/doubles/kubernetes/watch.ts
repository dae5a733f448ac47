/**
 * `?watch=true` on a list: newline-delimited `{"type","object"}` events. Without a resourceVersion (or with "0")
 * the current objects come first as ADDED; with one, the recorded changes after it are replayed. The stream ends
 * after `timeoutSeconds`, when the client goes away, or when the double stops.
 */
import type { RouteContext } from '../router';
import { filterObjects } from './selectors';
import type { ChangeEvent, KubeObject, KubeState, User } from './state';
import type { ResourceType } from './resources';
import { typeKeyOf } from './state';

export function watch(
  state: KubeState,
  t: ResourceType,
  ctx: RouteContext<User>,
  namespace: string | undefined,
  withKind: (o: KubeObject) => KubeObject,
): void {
  const key = typeKeyOf(t.group, t.version, t.resource);
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked', 'cache-control': 'no-cache, private' });
  res.flushHeaders();
  const selected = (o: KubeObject): boolean =>
    (namespace === undefined || o.metadata.namespace === namespace) && filterObjects([o], ctx.query).length === 1;
  const send = (type: string, o: KubeObject): void => {
    if (!res.writableEnded && !res.destroyed) res.write(JSON.stringify({ type, object: withKind(o) }) + '\n');
  };
  const since = ctx.query.get('resourceVersion');
  if (!since || since === '0') {
    for (const o of state.list(key, namespace)) if (selected(o)) send('ADDED', o);
  } else {
    for (const e of state.history) if (e.typeKey === key && e.resourceVersion > Number(since) && selected(e.object)) send(e.type, e.object);
  }
  const onChange = (e: ChangeEvent): void => {
    if (e.typeKey === key && selected(e.object)) send(e.type, e.object);
  };
  state.events.on('change', onChange);
  const timeout = Number(ctx.query.get('timeoutSeconds') ?? '0');
  const timer = timeout > 0 ? setTimeout(() => res.end(), timeout * 1000) : undefined;
  const cleanup = (): void => {
    state.events.off('change', onChange);
    if (timer) clearTimeout(timer);
  };
  res.once('close', cleanup);
  res.once('finish', cleanup);
}
