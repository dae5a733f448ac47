/**
 * Vault URLs and the Entra authority host: validated from settings, never from workspace code.
 * Pure (no SDK imports), so commands can validate settings without loading the Azure bundle.
 */
import { validateVaultName } from '../../../../shared/src/mlrun';
import { fail, ok, type Result } from '../types';

/** Entra authority hosts of the public and sovereign clouds: MSAL's instance discovery knows them. */
export const KNOWN_AUTHORITY_HOSTS: readonly string[] = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
];

/** Why a vault URL template is unusable, or undefined. MLRun formats it with `str.format(name=...)`. */
export function validateVaultUrlTemplate(template: string): string | undefined {
  if (!template.includes('{name}')) return 'The vault URL template (mlrunSecrets.azure.vaultUrlTemplate) must contain "{name}".';
  const other = template.replaceAll('{name}', '').match(/[{}]/);
  if (other) return 'The vault URL template (mlrunSecrets.azure.vaultUrlTemplate) may contain no braces other than "{name}".';
  let url: URL;
  try {
    url = new URL(template.replaceAll('{name}', 'name'));
  } catch {
    return `The vault URL template (mlrunSecrets.azure.vaultUrlTemplate) is not a URL: ${template}`;
  }
  if (url.protocol !== 'https:') return 'The vault URL template (mlrunSecrets.azure.vaultUrlTemplate) must use https: a Key Vault token is never sent in clear text.';
  if (url.username || url.password) return 'The vault URL template (mlrunSecrets.azure.vaultUrlTemplate) cannot contain a user name or password.';
  if (url.search || url.hash) return 'The vault URL template (mlrunSecrets.azure.vaultUrlTemplate) cannot contain a query or fragment.';
  return undefined;
}

/** The vault URL for a validated vault name, like MLRun's `secret_stores.azure_vault.url.format(name=name)`. */
export function vaultUrl(template: string, name: string): Result<string> {
  const bad = validateVaultName(name) ?? validateVaultUrlTemplate(template);
  if (bad) return fail('invalid', bad);
  return ok(template.replaceAll('{name}', name).replace(/\/+$/, ''));
}

/** Why an authority host is unusable, or undefined. */
export function validateAuthorityHost(host: string): string | undefined {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return `The authority host (mlrunSecrets.azure.authorityHost) is not a URL: ${host}`;
  }
  if (url.protocol !== 'https:') return 'The authority host (mlrunSecrets.azure.authorityHost) must use https.';
  if (url.username || url.password || url.search || url.hash) return 'The authority host (mlrunSecrets.azure.authorityHost) must be a plain https URL such as https://login.microsoftonline.com.';
  return undefined;
}

/**
 * Instance discovery asks login.microsoftonline.com about the authority. For any other host (a private cloud, or
 * the tests' loopback token endpoint) that would be a call to a host the user did not configure, so it is off.
 */
export function instanceDiscoveryDisabled(authorityHost: string): boolean {
  return !KNOWN_AUTHORITY_HOSTS.includes(new URL(authorityHost).hostname.toLowerCase());
}

/** Loopback hosts: `localhost`, `*.localhost` (RFC 6761), 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Key Vault's challenge names the resource the token is for (https://vault.azure.net); the SDK checks that the
 * vault host is under it, so a look-alike host cannot collect a Key Vault token. That check cannot pass for a
 * loopback vault (the tests' double, a local emulator), so it is skipped for loopback hosts only.
 */
export function skipChallengeResourceVerification(url: string): boolean {
  return isLoopbackHost(new URL(url).hostname);
}
