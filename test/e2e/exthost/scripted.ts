/** Mocha hooks that put a fresh scripted host in place for each test and restore the real one afterwards. */
import type { TestingApi } from '../../../client/src/extension';
import type { Host } from '../../../client/src/ui/host';
import { ScriptedHost } from '../util/scriptedHost';
import { activeApi } from './extension';

export interface Scripted {
  api: TestingApi;
  host: ScriptedHost;
}

export function useScriptedHost(): Scripted {
  const s = {} as Scripted;
  let real: Host | undefined;
  before(async () => {
    s.api = await activeApi();
    real = s.api.ctx.host;
  });
  beforeEach(() => {
    s.host = new ScriptedHost();
    s.api.ctx.host = s.host;
  });
  after(() => {
    if (real) s.api.ctx.host = real;
  });
  return s;
}
