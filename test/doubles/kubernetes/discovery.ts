/**
 * Discovery, built from the registered resource types (so types added later show up): `/version`, `/api`,
 * `/api/v1`, `/apis`, `/apis/{group}`, `/apis/{group}/{version}`. Legacy (non-aggregated) discovery only: kubectl
 * asks for the aggregated form first and falls back when the server answers plain `application/json`.
 * `/openapi/v2` and `/openapi/v3` answer 404, which kubectl tolerates.
 */
import type { Router } from '../router';
import { DEFAULT_VERBS, type ResourceType } from './resources';
import type { User } from './state';

export interface Subresource {
  group: string;
  version: string;
  /** `pods/log`. */
  name: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export interface DiscoveryRegistry {
  types: ResourceType[];
  subresources: Subresource[];
}

export const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T00:00:00Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function resourceList(registry: DiscoveryRegistry, group: string, version: string): Record<string, unknown> {
  const resources: Record<string, unknown>[] = [];
  for (const t of registry.types.filter(t => t.group === group && t.version === version)) {
    resources.push({
      name: t.resource,
      singularName: t.singularName ?? t.kind.toLowerCase(),
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs ?? DEFAULT_VERBS,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
    });
  }
  for (const s of registry.subresources.filter(s => s.group === group && s.version === version)) {
    resources.push({ name: s.name, singularName: '', namespaced: s.namespaced, kind: s.kind, verbs: s.verbs });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function groups(registry: DiscoveryRegistry): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of [...registry.types, ...registry.subresources]) {
    if (!t.group) continue;
    const versions = out.get(t.group) ?? [];
    if (!versions.includes(t.version)) versions.push(t.version);
    out.set(t.group, versions);
  }
  return out;
}

function apiGroup(name: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map(v => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

export function registerDiscovery(router: Router<User>, registry: DiscoveryRegistry, serverAddress: () => string): void {
  router.add('GET', '/version', ctx => ctx.send(200, VERSION_INFO), { anonymous: true });
  router.add('GET', '/healthz', ctx => ctx.send(200, 'ok'), { anonymous: true });
  router.add('GET', '/readyz', ctx => ctx.send(200, 'ok'), { anonymous: true });
  router.add('GET', '/livez', ctx => ctx.send(200, 'ok'), { anonymous: true });
  router.add('GET', '/api', ctx => ctx.send(200, {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: serverAddress() }],
  }));
  router.add('GET', '/api/v1', ctx => ctx.send(200, resourceList(registry, '', 'v1')));
  router.add('GET', '/apis', ctx => ctx.send(200, {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(registry)].map(([name, versions]) => apiGroup(name, versions)),
  }));
  router.add('GET', '/apis/:group', ctx => {
    const versions = groups(registry).get(ctx.params.group!);
    if (!versions) return ctx.send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    ctx.send(200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(ctx.params.group!, versions) });
  });
  router.add('GET', '/apis/:group/:version', ctx => {
    const versions = groups(registry).get(ctx.params.group!);
    if (!versions?.includes(ctx.params.version!)) {
      return ctx.send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    }
    ctx.send(200, resourceList(registry, ctx.params.group!, ctx.params.version!));
  });
}

