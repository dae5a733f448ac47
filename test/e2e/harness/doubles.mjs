// The API doubles the end-to-end suites talk to (Kubernetes, MLRun API, Azure Key Vault + token endpoint), all on
// loopback, started as the standalone processes of test/doubles (see the headers of their main.ts). The harness
// passes their addresses to code-server as machine settings (what a user would configure), to the suites as config,
// and to the extension host as env.
//
// What is a setting and what is not: settings that merely parameterise a backend (the namespace, the MLRun CA file,
// the vault URL template, the authority host, the credential Secret's name) are machine settings from the start.
// Settings that *connect* a backend — the kubeconfig or context, the endpoint, the vaults of a project — are not:
// they make the backend appear in the tree, and each suite starts from "nothing connected yet" (the welcome view).
// The extension-host tests set them (and restore them) themselves; the UI suite connects through the UI. The
// kubeconfig reaches the extension through KUBECONFIG, as on a user's machine.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const NAMESPACE = 'mlrun';
const CREDENTIAL_SECRET = 'azure-creds';

/** Starts `node <main> ...args`, resolves with the first JSON line it prints; stops it by closing stdin. */
function startMain(root, main, args, logFile) {
  return new Promise((resolve, reject) => {
    const log = openSync(logFile, 'w');
    const child = spawn(process.execPath, [join(root, main), ...args], { stdio: ['pipe', 'pipe', log] });
    closeSync(log);
    let out = '';
    const onExit = code => reject(new Error(`${main} exited with ${code} before it was ready; see ${logFile}`));
    child.once('exit', onExit);
    child.stdout.on('data', chunk => {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      child.off('exit', onExit);
      const info = JSON.parse(out.slice(0, nl));
      resolve({
        info,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = new Promise(r => child.once('exit', r));
          child.stdin.end();
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

/** A Kubernetes API call with the kubeconfig's token and CA (loopback only). */
function kube(url, token, caPem, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(new URL(path, url), {
      method, ca: caPem,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
    }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`${method} ${path} → ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

export async function startDoubles(root) {
  const stops = [];
  const dir = mkdtempSync(join(tmpdir(), 'mlrun-secrets-e2e-doubles-'));
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // MLRun API (HTTPS, bearer auth) with a Kubernetes API double sharing its state: what one backend writes, the
    // other sees, as on a cluster.
    const mlrunToken = `e2e-${randomBytes(6).toString('hex')}`;
    const mlrun = await startMain(root, 'out/test/doubles/mlrun/main.js',
      ['--https', '--auth', 'bearer', '--token', mlrunToken, '--project', 'demo', '--project', 'analytics', '--namespace', NAMESPACE, '--stop-on-stdin-close'],
      join(dir, 'mlrun.log'));
    stops.push(mlrun.stop);
    const k8s = mlrun.info.kubernetes;
    const caPem = readFileSync(k8s.caFile, 'utf8');

    // A kubeconfig with two contexts (for the context picker): "double" (no namespace) and "double-mlrun".
    const kc = parse(readFileSync(k8s.kubeconfig, 'utf8'));
    const base = kc.contexts[0];
    kc.contexts.push({ name: 'double-mlrun', context: { ...base.context, namespace: NAMESPACE } });
    const kubeconfig = join(dir, 'kubeconfig.yaml');
    writeFileSync(kubeconfig, stringify(kc), { mode: 0o600 });
    const userName = base.context.user;
    const token = kc.users.find(u => u.name === userName).user.token;

    // Azure Key Vault + Entra token endpoint, seeded: a tenant, the app MLRun's credential Secret names, a vault.
    const tenant = '2b6f5a9e-0c1d-4e8f-9a7b-3c2d1e0f4a5b';
    const clientId = 'e2e-mlrun-app';
    const clientSecret = `cs-${randomBytes(12).toString('hex')}`;
    const seed = {
      tenant,
      apps: [{ clientId, secret: clientSecret }],
      vaults: [
        {
          name: 'e2e-vault',
          secrets: { 'DB-PASSWORD': randomBytes(8).toString('hex'), 'API-TOKEN': randomBytes(8).toString('hex'), 'OLD-KEY': 'old' },
          disabled: ['OLD-KEY'],
          deleted: { 'GONE-KEY': randomBytes(8).toString('hex') },
          pageSize: 2,
        },
        { name: 'e2e-locked', secrets: { 'LOCKED': 'x' }, deleted: { 'KEPT-KEY': 'k' }, purgeProtection: true },
      ],
    };
    const seedFile = join(dir, 'azure-seed.json');
    writeFileSync(seedFile, JSON.stringify(seed), { mode: 0o600 });
    const azureLog = join(dir, 'azure-requests.log');
    const azure = await startMain(root, 'out/test/doubles/azure/main.js', ['--seed', seedFile, '--ca-dir', dir, '--exit-with-stdin'], azureLog);
    stops.push(azure.stop);

    // The Secret MLRun's azure_vault provider mounts, in MLRun's namespace (tenant_id, client_id, secret).
    const b64 = s => Buffer.from(s, 'utf8').toString('base64');
    await kube(k8s.url, token, caPem, 'POST', `/api/v1/namespaces/${NAMESPACE}/secrets`, {
      apiVersion: 'v1', kind: 'Secret', metadata: { name: CREDENTIAL_SECRET, namespace: NAMESPACE }, type: 'Opaque',
      data: { tenant_id: b64(tenant), client_id: b64(clientId), secret: b64(clientSecret) },
    });

    // One CA bundle for Node (the Azure SDK in the extension host trusts it through NODE_EXTRA_CA_CERTS).
    const caBundle = join(dir, 'ca-bundle.pem');
    writeFileSync(caBundle, `${caPem.trim()}\n${readFileSync(azure.info.caFile, 'utf8').trim()}\n`);

    return {
      machineSettings: {
        'mlrunSecrets.kubernetes.namespace': NAMESPACE,
        'mlrunSecrets.mlrunApi.caFile': mlrun.info.caFile,
        'mlrunSecrets.azure.credentialSecret': CREDENTIAL_SECRET,
        'mlrunSecrets.azure.authorityHost': azure.info.authorityHost,
        'mlrunSecrets.azure.vaultUrlTemplate': azure.info.vaultUrlTemplate,
      },
      config: {
        doubles: {
          kubeconfig,
          contexts: ['double', 'double-mlrun'],
          namespace: NAMESPACE,
          kubernetesUrl: k8s.url,
          mlrunUrl: mlrun.info.url,
          mlrunToken,
          mlrunProjects: mlrun.info.projects,
          caFile: mlrun.info.caFile,
          azure: {
            vault: 'e2e-vault',
            lockedVault: 'e2e-locked',
            secrets: Object.keys(seed.vaults[0].secrets).sort(),
            disabled: seed.vaults[0].disabled,
            deleted: Object.keys(seed.vaults[0].deleted),
            credentialSecret: CREDENTIAL_SECRET,
            requestLog: azureLog,
          },
        },
      },
      env: { KUBECONFIG: kubeconfig, NODE_EXTRA_CA_CERTS: caBundle },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
