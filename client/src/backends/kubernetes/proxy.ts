/**
 * The extension's proxy policy (common/proxy.ts) for the Kubernetes API server: client-node reaches a cluster
 * through its kubeconfig `proxy-url` (hpagent for http(s) proxies, CA and client certificates end to end), so the
 * current cluster gets one when the policy names a proxy for its server and the kubeconfig sets none itself.
 */
import { describeProxy, proxyFor, type ProxyPolicy } from '../common/proxy';
import type { Logger } from '../types';
import type { K8s } from './sdk';

export function applyProxy(kc: K8s.KubeConfig, policy: ProxyPolicy, logger: Logger): void {
  const cluster = kc.getCurrentCluster();
  if (!cluster) return;
  if (cluster.proxyUrl) {
    logger.info(`Kubernetes: through the kubeconfig's proxy-url for cluster ${cluster.name}`);
    return;
  }
  const proxy = proxyFor(policy, cluster.server);
  if (!proxy) return;
  kc.clusters = kc.clusters.map(c => (c === cluster ? { ...c, proxyUrl: proxy.href } : c));
  logger.info(`Kubernetes: through the proxy ${describeProxy(proxy)}`);
}
