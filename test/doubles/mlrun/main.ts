/**
 * Runs the MLRun API double standalone, together with a Kubernetes API double that shares its state (so the
 * Kubernetes backend sees what the MLRun backend wrote):
 *
 *   node out/test/doubles/mlrun/main.js [--port 0] [--auth none|basic|bearer|iguazio] [--user U --password P]
 *        [--token T] [--session S] [--project demo ...] [--namespace mlrun] [--https] [--stop-on-stdin-close]
 *
 * Prints one JSON line when ready — `{"url","caFile","namespace","kubernetes":{"url","kubeconfig","caFile"}}` —
 * and serves until SIGINT/SIGTERM. Credentials given on the command line are for the demo only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubernetesDouble } from '../kubernetes/server';
import { serveUntilStopped } from '../serve';
import { startMlrunDouble } from './server';
import type { MlrunAuthConfig, MlrunAuthMode } from './state';

interface Args {
  port?: number;
  auth: MlrunAuthConfig;
  projects: string[];
  namespace: string;
  https: boolean;
  stopOnStdinClose: boolean;
}

function parse(argv: string[]): Args {
  const a: Args = { auth: { mode: 'none' }, projects: [], namespace: 'mlrun', https: false, stopOnStdinClose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => argv[++i]!;
    if (arg === '--port') a.port = Number(next());
    else if (arg === '--auth') a.auth.mode = next() as MlrunAuthMode;
    else if (arg === '--user') a.auth.username = next();
    else if (arg === '--password') a.auth.password = next();
    else if (arg === '--token') a.auth.token = next();
    else if (arg === '--session') (a.auth.sessions ??= []).push(next());
    else if (arg === '--project') a.projects.push(next());
    else if (arg === '--namespace') a.namespace = next();
    else if (arg === '--https') a.https = true;
    else if (arg === '--stop-on-stdin-close') a.stopOnStdinClose = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (a.projects.length === 0) a.projects.push('demo');
  return a;
}

async function main(): Promise<void> {
  const a = parse(process.argv.slice(2));
  const k8s = await startKubernetesDouble({ namespaces: ['default', 'kube-system', a.namespace] });
  const mlrun = await startMlrunDouble({ kube: k8s.state, auth: a.auth, projects: a.projects, namespace: a.namespace, tls: a.https, port: a.port });
  const caFile = join(k8s.dir, 'ca.crt');
  writeFileSync(caFile, k8s.caPem);
  process.stdout.write(JSON.stringify({
    url: mlrun.url,
    caFile: mlrun.caPem ? caFile : undefined,
    namespace: a.namespace,
    projects: a.projects,
    kubernetes: { url: k8s.url, kubeconfig: k8s.kubeconfigPath, caFile },
  }) + '\n');
  serveUntilStopped(() => Promise.all([mlrun.stop(), k8s.stop()]), a.stopOnStdinClose);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
