/**
 * Runs the Kubernetes API double standalone (for e2e tests and the `npm start` demo):
 *
 *   node out/test/doubles/kubernetes/main.js [--port 0] [--host 127.0.0.1] [--namespace mlrun ...]
 *
 * Prints one JSON line on stdout when ready — `{"url","kubeconfig","caFile","token","dir"}` — and serves until
 * SIGINT/SIGTERM (or stdin closes, when started with `--stop-on-stdin-close`), then removes its files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveUntilStopped } from '../serve';
import { startKubernetesDouble } from './server';

function args(argv: string[]): { port?: number; host?: string; namespaces: string[]; stopOnStdinClose: boolean } {
  const out: { port?: number; host?: string; namespaces: string[]; stopOnStdinClose: boolean } = { namespaces: [], stopOnStdinClose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') out.port = Number(argv[++i]);
    else if (a === '--host') out.host = argv[++i];
    else if (a === '--namespace') out.namespaces.push(argv[++i]!);
    else if (a === '--stop-on-stdin-close') out.stopOnStdinClose = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const double = await startKubernetesDouble({
    port: a.port,
    host: a.host,
    namespaces: ['default', 'kube-system', 'mlrun', ...a.namespaces],
  });
  const caFile = join(double.dir, 'ca.crt');
  writeFileSync(caFile, double.caPem);
  process.stdout.write(JSON.stringify({ url: double.url, kubeconfig: double.kubeconfigPath, caFile, token: double.adminToken, dir: double.dir }) + '\n');
  serveUntilStopped(() => double.stop(), a.stopOnStdinClose);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
