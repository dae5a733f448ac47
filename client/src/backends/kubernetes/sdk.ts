/**
 * The one place that loads `@kubernetes/client-node` (ESM-only; Node 20.19+ can `require` it). Only modules in this
 * folder import this file, and this folder is its own bundle (`dist/backends/kubernetes.js`) that the extension
 * loads on first use — so activation never pays for the SDK.
 */
import type * as K8s from '@kubernetes/client-node' with { 'resolution-mode': 'import' };

export type { K8s };

let loaded: typeof K8s | undefined;

export function sdk(): typeof K8s {
  loaded ??= require('@kubernetes/client-node') as typeof K8s;
  return loaded;
}
