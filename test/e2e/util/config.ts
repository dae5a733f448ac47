/** Configuration the e2e harness hands to the suites (doubles' addresses, seeded settings) through a JSON file. */
import * as fs from 'node:fs';

export interface E2eConfig {
  machineSettings: Record<string, unknown>;
  /** Free-form values later suites add (doubles' URLs, kubeconfig paths, canaries). */
  [key: string]: unknown;
}

export function e2eConfig(): E2eConfig {
  const file = process.env.MLRUN_SECRETS_E2E_CONFIG;
  if (!file) throw new Error('MLRUN_SECRETS_E2E_CONFIG is not set: run the suites through `npm run test:e2e`');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eConfig;
}
