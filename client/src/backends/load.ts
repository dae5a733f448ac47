/**
 * Loads a heavy backend on first use. In the packaged extension each lives in its own bundle next to
 * `dist/extension.js` (`dist/backends/kubernetes.js`, `dist/backends/azure.js`, built by scripts/build.mjs); under tsc (tests) the module is
 * required from its source location. The require goes through a variable so esbuild does not pull the SDK into
 * the extension bundle.
 */
import { join } from 'node:path';

export type KubernetesModule = typeof import('./kubernetes/index');
export type AzureModule = typeof import('./azure/index');

const cache = new Map<string, unknown>();

function load<T>(name: string, sourceEntry: string): T {
  const hit = cache.get(name);
  if (hit) return hit as T;
  const bundled = process.env.MLRUN_SECRETS_BUNDLED === '1';
  const file = bundled ? join(__dirname, 'backends', `${name}.js`) : join(__dirname, sourceEntry);
  const dynamicRequire = require;
  const mod = dynamicRequire(file) as T;
  cache.set(name, mod);
  return mod;
}

/** The Kubernetes backend module (loads `@kubernetes/client-node`). */
export function loadKubernetesBackend(): KubernetesModule {
  return load<KubernetesModule>('kubernetes', join('kubernetes', 'index.js'));
}

/** The Azure Key Vault backend module (loads `@azure/keyvault-secrets` and `@azure/identity`). */
export function loadAzureBackend(): AzureModule {
  return load<AzureModule>('azure', join('azure', 'index.js'));
}
