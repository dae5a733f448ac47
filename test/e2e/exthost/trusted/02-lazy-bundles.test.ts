/**
 * Activation loads no SDK: the Kubernetes and Azure backends are separate bundles (dist/backends/*.js, see
 * client/src/backends/load.ts) that the extension requires on first use. Runs right after activation, before any
 * test touches a backend; the extension's own bundle in the same module cache shows the probe looks at the right one.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { activeApi, extension } from '../extension';

describe('lazy bundles', () => {
  it('activation loads dist/extension.js but neither backend bundle nor any SDK', async () => {
    await activeApi();
    const dist = path.join(extension().extensionPath, 'dist');
    const loaded = Object.keys(require.cache);
    assert.ok(loaded.includes(path.join(dist, 'extension.js')), 'the extension bundle is in this module cache');
    const heavy = loaded.filter(f => f.startsWith(path.join(dist, 'backends') + path.sep) || /[\\/]node_modules[\\/]@(azure|kubernetes)[\\/]/.test(f));
    assert.deepEqual(heavy, []);
  });
});
