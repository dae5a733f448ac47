/** What current MLRun servers answer, and what the MLRun API backend makes of it (issue 15's error texts). */
import assert from 'node:assert/strict';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { canaryValue, capturingLogger, containsCanary, instantRetry } from './support/fixtures';

describe('MLRun API backend against a current server\'s answers', () => {
  let mlrun: MlrunDouble;

  afterEach(async () => {
    await mlrun.stop();
  });

  it('"Project X does not exist" (and the older "Project not found: …") become one clear sentence', async () => {
    mlrun = await startMlrunDouble({ projects: ['demo'] });
    const backend = createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry(1) });
    for (const legacy of [false, true]) {
      mlrun.state.legacyNotFound = legacy;
      const r = await backend.listKeys('ghost');
      assert.equal(!r.ok && r.error.message, `Project "ghost" does not exist on the MLRun API at ${mlrun.url}.`);
    }
  });

  it('a store that loses all of MLRun\'s retries is a 409 MLRunConflictError, said as such; no value in the message or log', async () => {
    mlrun = await startMlrunDouble({ projects: ['demo'] });
    mlrun.state.seedSecret('demo', { BASE: '0' });
    mlrun.state.storeAttempts = 1;
    mlrun.state.kubeLatencyMs = 5;
    const values = [canaryValue(), canaryValue()];
    const logger = capturingLogger();
    const backends = values.map(() => createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry(1), logger }));
    const results = await Promise.all(backends.map((b, i) => b.setSecrets('demo', new Map([[`K${i}`, values[i]!]]))));
    const lost = results.find(r => !r.ok);
    assert.ok(lost && !lost.ok, 'one writer lost MLRun\'s single try');
    assert.equal(lost.error.kind, 'conflict');
    assert.equal(lost.error.status, 409);
    assert.match(lost.error.message, /^MLRun could not store the project's Secret while storing key "K\d" in project "demo": other changes to it won each of MLRun's attempts \(409\); try again\.$/);
    for (const v of values) assert.equal(containsCanary(JSON.stringify(results) + logger.lines.join('\n'), v), false);
  });
});
