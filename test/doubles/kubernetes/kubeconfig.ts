/**
 * Kubeconfig files pointing at the Kubernetes double, in each of the shapes kubeconfig allows: bearer token,
 * token file, basic auth, client certificate (inline or files), exec plugin (a Node script printing an
 * ExecCredential), OIDC auth provider (an unexpired id-token), CA inline or as a file or none,
 * `insecure-skip-tls-verify`, `proxy-url`, several contexts.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KeyPairPem } from '../tls';
import type { KubeState } from './state';

export type KubeconfigAuth = 'token' | 'tokenFile' | 'basic' | 'clientCertificate' | 'clientCertificateFiles' | 'exec' | 'oidc' | 'none';

export interface KubeconfigOptions {
  auth?: KubeconfigAuth;
  /** Bearer token for `token`/`tokenFile`/`exec`/`oidc` (default: the admin token; for oidc a fresh JWT). */
  token?: string;
  ca?: 'data' | 'file' | 'none';
  insecureSkipTlsVerify?: boolean;
  proxyUrl?: string;
  /** Namespace of the context (omitted: none, so clients use `default`). */
  namespace?: string;
  contextName?: string;
  /** Server URL override, e.g. `https://localhost:PORT` or `https://[::1]:PORT`. */
  server?: string;
  /** More contexts on the same cluster and user. */
  extraContexts?: { name: string; namespace?: string }[];
  /** `current-context`; null leaves it out. Default: `contextName`. */
  currentContext?: string | null;
  fileName?: string;
  /** OIDC: an id-token that expired an hour ago. */
  expiredIdToken?: boolean;
}

export interface KubeconfigTarget {
  url: string;
  caPem: string;
  adminToken: string;
  state: KubeState;
  dir: string;
  issueClientCertificate(commonName: string, groups?: string[]): KeyPairPem;
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

/** An unsigned-looking JWT (the double trusts the token string itself, as it is registered). */
export function makeIdToken(expiresInSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'double' }));
  const payload = b64url(JSON.stringify({ iss: 'https://issuer.invalid', sub: 'oidc-user', aud: 'kubernetes', iat: now, exp: now + expiresInSeconds, nonce: randomBytes(6).toString('hex') }));
  return `${header}.${payload}.${randomBytes(16).toString('base64url')}`;
}

export function writeKubeconfig(target: KubeconfigTarget, options: KubeconfigOptions = {}): string {
  const auth = options.auth ?? 'token';
  const contextName = options.contextName ?? 'double';
  const file = join(target.dir, options.fileName ?? `kubeconfig-${randomBytes(4).toString('hex')}.yaml`);
  const cluster: Record<string, unknown> = { server: options.server ?? target.url };
  const ca = options.ca ?? (options.insecureSkipTlsVerify ? 'none' : 'data');
  if (ca === 'data') cluster['certificate-authority-data'] = b64(target.caPem);
  if (ca === 'file') {
    const caFile = join(target.dir, `ca-${randomBytes(4).toString('hex')}.crt`);
    writeFileSync(caFile, target.caPem);
    cluster['certificate-authority'] = caFile;
  }
  if (options.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  if (options.proxyUrl) cluster['proxy-url'] = options.proxyUrl;

  const user: Record<string, unknown> = {};
  const token = options.token ?? target.adminToken;
  switch (auth) {
    case 'token':
      user.token = token;
      break;
    case 'tokenFile': {
      const tokenFile = join(target.dir, `token-${randomBytes(4).toString('hex')}`);
      writeFileSync(tokenFile, token + '\n');
      user.tokenFile = tokenFile;
      break;
    }
    case 'basic':
      target.state.basicUsers.set('basic-user:basic-password', { name: 'basic-user' });
      user.username = 'basic-user';
      user.password = 'basic-password';
      break;
    case 'clientCertificate':
    case 'clientCertificateFiles': {
      const pair = target.issueClientCertificate('cert-user', ['system:masters']);
      if (auth === 'clientCertificate') {
        user['client-certificate-data'] = b64(pair.certPem);
        user['client-key-data'] = b64(pair.keyPem);
      } else {
        const certFile = join(target.dir, `client-${randomBytes(4).toString('hex')}.crt`);
        const keyFile = join(target.dir, `client-${randomBytes(4).toString('hex')}.key`);
        writeFileSync(certFile, pair.certPem);
        writeFileSync(keyFile, pair.keyPem, { mode: 0o600 });
        user['client-certificate'] = certFile;
        user['client-key'] = keyFile;
      }
      break;
    }
    case 'exec': {
      const script = join(target.dir, `exec-credential-${randomBytes(4).toString('hex')}.js`);
      const credential = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token } };
      writeFileSync(script, `process.stdout.write(${JSON.stringify(JSON.stringify(credential))});\n`);
      user.exec = {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: [script],
        env: [{ name: 'DOUBLE_EXEC_PLUGIN', value: '1' }],
        interactiveMode: 'Never',
        provideClusterInfo: false,
      };
      break;
    }
    case 'oidc': {
      const idToken = options.token ?? makeIdToken(options.expiredIdToken ? -3600 : 3600);
      target.state.addToken(idToken, { name: 'oidc-user' });
      user['auth-provider'] = {
        name: 'oidc',
        config: { 'client-id': 'kubernetes', 'id-token': idToken, 'idp-issuer-url': 'https://issuer.invalid' },
      };
      break;
    }
    case 'none':
      break;
  }

  const contexts = [{ name: contextName, namespace: options.namespace }, ...(options.extraContexts ?? [])].map(c => ({
    name: c.name,
    context: { cluster: 'double', user: 'double-user', ...(c.namespace ? { namespace: c.namespace } : {}) },
  }));
  const config: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'double', cluster }],
    users: [{ name: 'double-user', user }],
    contexts,
    preferences: {},
  };
  const current = options.currentContext === undefined ? contextName : options.currentContext;
  if (current !== null) config['current-context'] = current;
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}
