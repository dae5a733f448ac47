/** Driving the benchmark servers: start one with the memory probe, wait for the diagnostics of a version. */
import { LspServer } from '../util/lspClient';

export interface BenchServer {
  name: string;
  server: LspServer;
}

export function startServer(name: string, bundle: string): Promise<BenchServer> {
  return LspServer.start({ bundle, memoryProbe: true, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, notebookDocument: { synchronization: {} } } })
    .then(server => ({ name, server }));
}

/** Resolves on the first publishDiagnostics for `uri` of at least `version`. Register it before sending the change. */
export function diagnosticsOf(server: LspServer, uri: string, version: number, timeoutMs = 120_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)); }, timeoutMs);
    const stop = server.onDiagnostics(p => {
      if (p.uri === uri && (p.version ?? 0) >= version) {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
