/** The doubles' addresses from the harness (test/e2e/harness/doubles.mjs), and direct calls to the Kubernetes double. */
import * as fs from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';
import { e2eConfig } from './config';

export interface DoublesConfig {
  kubeconfig: string;
  contexts: string[];
  namespace: string;
  kubernetesUrl: string;
  mlrunUrl: string;
  mlrunToken: string;
  mlrunProjects: string[];
  caFile: string;
  azure: {
    vault: string;
    lockedVault: string;
    secrets: string[];
    disabled: string[];
    deleted: string[];
    credentialSecret: string;
    requestLog: string;
  };
}

export function doubles(): DoublesConfig {
  return e2eConfig().doubles as DoublesConfig;
}

/** GET a Kubernetes API path as the kubeconfig's user (loopback, test CA). */
export function kubeGet(path: string): Promise<{ status: number; body: any }> {
  const d = doubles();
  const kc = parse(fs.readFileSync(d.kubeconfig, 'utf8'));
  const token = kc.users[0].user.token as string;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, d.kubernetesUrl), { ca: fs.readFileSync(d.caFile, 'utf8'), headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Lines the Azure doubles logged ("vault|entra METHOD host path → status"), for "only added vaults" checks. */
export function azureRequests(): string[] {
  return fs.readFileSync(doubles().azure.requestLog, 'utf8').split('\n').filter(Boolean);
}
