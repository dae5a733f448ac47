/**
 * Entry of the lazily loaded Kubernetes bundle (`dist/backends/kubernetes.js`, see ../load.ts): the backend factory
 * and the kubeconfig helpers the context and namespace pickers need. Nothing outside this folder imports
 * `@kubernetes/client-node`.
 */
export { createKubernetesBackend, KubernetesBackend, type KubernetesBackendOptions, type KubernetesConnection, type NamespaceSource } from './backend';
export { kubeconfigFiles, kubeContextNamespace, listKubeContexts, loadKubeconfig, type ContextSummary, type KubeconfigInputs, type KubeconfigSummary } from './kubeconfig';
// The Kubernetes job target lives in this bundle too, so running a job loads client-node only when it is needed.
export { startKubernetesJob, type KubernetesJobOptions } from '../../jobs/kubernetes/kubernetesJob';
