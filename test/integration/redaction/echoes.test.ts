/**
 * Issue 16 items 1–3, as a property: random values and credentials (seeded; non-ASCII, astral, quotes, backslashes,
 * newlines) × every encoding a server plausibly echoes in (test/doubles/echo.ts) × every backend's error path, through
 * the real SDKs over HTTP(S) to the doubles in echo mode, with 400/401/403/500 answers. Zero leaks: no failure message
 * and no log line shows a value or a credential (the oracle looks for the exact echo the double wrote, or any
 * 12-character window of it). Assertions name cases by index and encoding, never by the text.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createKubernetesBackend } from '../../../client/src/backends/kubernetes';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import type { MlrunCredentials } from '../../../client/src/backends/mlrunApi/auth';
import type { Failure, Result } from '../../../client/src/backends/types';
import { HIDDEN, WITHHELD } from '../../../shared/src/redact';
import { DEFAULT_TENANT } from '../../doubles/azure/server';
import { ECHO_ENCODINGS, ECHO_MARKER, type EchoEncoding } from '../../doubles/echo';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import type { MlrunAuthConfig } from '../../doubles/mlrun/state';
import { Random, testSeed } from '../../util/random';
import { echoFragments, leaks, randomCredential, randomSecret } from '../../util/secretValues';
import { capturingLogger, instantRetry, type CapturingLogger } from '../backends/support/fixtures';
import { CRED_SECRET, PROJECT, setup as setupAzure } from '../azure/harness';

const STATUSES = [400, 401, 403, 500] as const;

/** Secret × echo checks made, and the labels of those that leaked (never the secret itself). */
class Tally {
  checks = 0;
  readonly leaked: string[] = [];

  /** Whether some secret shows in the failure or a log line. */
  check(label: string, encoding: EchoEncoding, secrets: readonly string[], failure: Failure | undefined, logger: CapturingLogger): void {
    const texts = [failure?.message ?? '', ...logger.lines];
    secrets.forEach((s, i) => {
      this.checks++;
      if (texts.some(t => leaks(t, echoFragments(s, encoding)))) this.leaked.push(`${label} ${encoding}: secret #${i}`);
    });
  }

  assertNone(problems: string[]): void {
    assert.equal(this.leaked.length, 0, `${this.leaked.length} of ${this.checks} secret × encoding checks leaked, e.g. ${this.leaked.slice(0, 8).join(', ')}`);
    assert.deepEqual(problems, []);
  }
}

function failureOf<T>(r: Result<T>): Failure | undefined {
  return r.ok ? undefined : r.error;
}

/** The failure is the server's status, and it says something of the server's text (hidden or withheld) or nothing. */
function checkShape(label: string, f: Failure | undefined, status: number, problems: string[]): void {
  if (!f) return void problems.push(`${label}: no failure`);
  if (f.status !== status) problems.push(`${label}: status ${f.status ?? 'none'} instead of ${status} (${f.kind})`);
  if (f.message.includes(ECHO_MARKER) && !f.message.includes(HIDDEN)) problems.push(`${label}: the echo shows but nothing was hidden`);
}

describe('no value or credential in any message or log line, whatever a server echoes (property)', function () {
  this.timeout(600_000);

  describe('Kubernetes (client-node, HTTPS)', () => {
    let k8s: KubernetesDouble;
    before(async () => {
      k8s = await startKubernetesDouble();
    });
    after(() => k8s.stop());

    for (const auth of ['token', 'exec', 'basic'] as const) {
      it(`Secret values and the ${auth} credential, echoed in every encoding, in 400/401/403/500 Status messages`, async () => {
        const random = new Random(testSeed(`kubernetes ${auth} echoes`));
        const problems: string[] = [];
        const tally = new Tally();
        const token = randomCredential(random);
        k8s.state.addToken(token, { name: 'echo-admin', groups: ['system:masters'] });
        const kubeconfigPath = k8s.writeKubeconfig({ auth, token, fileName: `echo-${auth}-${randomBytes(3).toString('hex')}.yaml` });
        const credentials = auth === 'basic' ? ['basic-password', 'basic-user:basic-password'] : [token];
        const project = `echo-${auth}`;
        k8s.state.putSecret('mlrun', `mlrun-project-secrets-${project}`, { PRESENT: 'x' });
        for (const [i, encoding] of ECHO_ENCODINGS.entries()) {
          const logger = capturingLogger();
          const backend = createKubernetesBackend({ kubeconfigPath, namespace: 'mlrun', logger, retry: instantRetry(1) });
          const values = [randomSecret(random), randomSecret(random, { min: 20, max: 60 })];
          const status = STATUSES[i % STATUSES.length]!;
          k8s.faults.next(1, { kind: 'echo', status, encoding }, { method: 'PATCH' });
          const r = await backend.setSecrets(project, new Map(values.map((v, k) => [`K${k}`, v])));
          checkShape(`kubernetes/${auth} #${i}`, failureOf(r), status, problems);
          tally.check(`kubernetes/${auth} #${i}`, encoding, [...values, ...credentials], failureOf(r), logger);
          // A read carries no value: the credential alone is echoed.
          k8s.faults.next(1, { kind: 'echo', status, encoding }, { method: 'GET' });
          const listed = await backend.listKeys(project);
          tally.check(`kubernetes/${auth} read #${i}`, encoding, credentials, failureOf(listed), logger);
        }
        k8s.faults.clear();
        tally.assertNone(problems);
      });
    }
  });

  describe('MLRun API (HTTP)', () => {
    let mlrun: MlrunDouble;
    before(async () => {
      mlrun = await startMlrunDouble({ projects: ['echo'] });
    });
    after(() => mlrun.stop());

    const modes: { name: string; make(random: Random): { auth: MlrunAuthConfig; creds: MlrunCredentials; mode: 'bearer' | 'basic' | 'session'; secrets: string[] } }[] = [
      { name: 'bearer token', make: r => { const token = randomCredential(r); return { auth: { mode: 'bearer', token }, creds: { token }, mode: 'bearer', secrets: [token] }; } },
      { name: 'basic password', make: r => { const password = randomCredential(r, 8, 24); return { auth: { mode: 'basic', username: 'alice', password }, creds: { username: 'alice', password }, mode: 'basic', secrets: [password] }; } },
      { name: 'Iguazio session', make: r => { const token = `${randomCredential(r, 8, 12).replace(/[+/]/g, 'x')}-${randomCredential(r, 16, 24).replace(/[+/]/g, 'y')}`; return { auth: { mode: 'iguazio', sessions: [token] }, creds: { token }, mode: 'session', secrets: [token] }; } },
    ];
    for (const m of modes) {
      it(`values and the ${m.name}, echoed in every encoding, in 400/401/403/500 details (both MLRun shapes)`, async () => {
        const random = new Random(testSeed(`mlrun ${m.name} echoes`));
        const problems: string[] = [];
        const tally = new Tally();
        for (const [i, encoding] of ECHO_ENCODINGS.entries()) {
          const { auth, creds, mode, secrets } = m.make(random);
          mlrun.state.auth = auth;
          const logger = capturingLogger();
          const backend = createMlrunApiBackend({ endpoint: mlrun.url, authMode: mode, credentials: { get: async () => creds }, logger, retry: instantRetry(1) });
          const values = [randomSecret(random), randomSecret(random, { min: 20, max: 60 })];
          const status = STATUSES[i % STATUSES.length]!;
          mlrun.faults.next(1, { kind: 'echo', status, encoding }, { method: 'POST' });
          const r = await backend.setSecrets('echo', new Map(values.map((v, k) => [`K${k}`, v])));
          checkShape(`mlrun/${m.name} #${i}`, failureOf(r), status, problems);
          tally.check(`mlrun/${m.name} #${i}`, encoding, [...values, ...secrets], failureOf(r), logger);
          mlrun.faults.next(1, { kind: 'echo', status, encoding }, { method: 'GET' });
          const listed = await backend.listKeys('echo');
          tally.check(`mlrun/${m.name} read #${i}`, encoding, secrets, failureOf(listed), logger);
        }
        mlrun.faults.clear();
        tally.assertNone(problems);
      });
    }
  });

  describe('Azure Key Vault and Microsoft Entra (Azure SDKs, HTTPS)', () => {
    it('values and the bearer token (Key Vault), the client secret (Entra), echoed in every encoding', async () => {
      const random = new Random(testSeed('azure echoes'));
      const env = await setupAzure();
      env.doubles.addVault('team-vault');
      const problems: string[] = [];
      const tally = new Tally();
      try {
        for (const [i, encoding] of ECHO_ENCODINGS.entries()) {
          const status = STATUSES[i % STATUSES.length]!;
          // A fresh app and backend each time, so a token is requested (and its client secret sent) every time.
          const clientId = `0c0ffee0-1111-4222-8333-${String(i).padStart(12, '0')}`;
          const secret = randomCredential(random, 24, 40);
          env.doubles.directory.addApp(DEFAULT_TENANT, clientId, secret);
          env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: clientId, secret });
          env.logger.lines.length = 0;
          const backend = env.makeBackend({ retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
          const scope = backend.vault(PROJECT, 'team-vault');
          assert.ok(scope.ok);
          const value = randomSecret(random);
          env.doubles.failNext({ method: 'PUT', status, code: 'BadParameter', message: 'The secret value is not accepted.', echo: encoding });
          const r = await scope.value.setSecrets(new Map([['ECHO-KEY', value]]));
          const tokens = env.doubles.directory.issuedTokens();
          checkShape(`azure/vault #${i}`, failureOf(r), status, problems);
          tally.check(`azure/vault #${i}`, encoding, [value, secret, ...tokens], failureOf(r), env.logger);

          env.doubles.entra.faults.push({ status: status === 500 ? 500 : 401, error: 'invalid_client', description: 'AADSTS7000215: Invalid client secret provided.', times: 1, echo: encoding });
          const fresh = env.makeBackend({ retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
          const listed = await fresh.listKeys(PROJECT);
          tally.check(`azure/entra #${i}`, encoding, [secret], failureOf(listed), env.logger);
          backend.dispose?.();
          fresh.dispose?.();
        }
      } finally {
        await env.close();
      }
      tally.assertNone(problems);
    });
  });

  describe('a value too short to hide', () => {
    let mlrun: MlrunDouble;
    let k8s: KubernetesDouble;
    before(async () => {
      k8s = await startKubernetesDouble();
      mlrun = await startMlrunDouble({ kube: k8s.state, projects: ['echo'] });
    });
    after(() => Promise.all([mlrun.stop(), k8s.stop()]));

    it('withholds the server text and keeps the status (MLRun API, Kubernetes)', async () => {
      const logger = capturingLogger();
      const m = createMlrunApiBackend({ endpoint: mlrun.url, logger, retry: instantRetry(1) });
      mlrun.faults.next(1, { kind: 'echo', status: 400, encoding: 'raw' }, { method: 'POST' });
      const r1 = failureOf(await m.setSecrets('echo', new Map([['K', 'q7']])));
      const k = createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', logger, retry: instantRetry(1) });
      k8s.faults.next(1, { kind: 'echo', status: 422, encoding: 'jsonAscii' }, { method: 'POST' });
      const r2 = failureOf(await k.setSecrets('echo', new Map([['K', 'é7']])));
      for (const [f, status] of [[r1, 400], [r2, 422]] as const) {
        assert.equal(f?.status, status);
        assert.ok(f!.message.includes(WITHHELD), 'the generic sentence replaces the server text');
        assert.equal(f!.message.includes(ECHO_MARKER), false);
      }
    });
  });
});
