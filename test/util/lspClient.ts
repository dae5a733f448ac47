/**
 * The real language server (tsc output, `--stdio`) over a real JSON-RPC connection, for the LSP tests and the
 * benchmarks. Records diagnostics per URI, answers the server's requests (configuration, progress),
 * and watches stderr for unhandled rejections.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter, type ClientCapabilities, type Diagnostic, type InitializeResult,
  type ProtocolConnection, type PublishDiagnosticsParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { until } from './poll';
import { OUT } from './paths';

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    completion: { completionItem: { snippetSupport: false } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
  workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
  window: { workDoneProgress: true },
  notebookDocument: { synchronization: { dynamicRegistration: false } },
};

export interface ServerOptions {
  /** Workspace folders (file system paths). */
  folders?: string[];
  /** Settings returned for `workspace/configuration` (section mlrunSecrets). */
  settings?: Record<string, unknown>;
  /** Run the bundle instead of tsc output. */
  bundle?: string;
  capabilities?: ClientCapabilities;
  /** Options for node before the script (e.g. `--expose-gc`). */
  nodeArgs?: string[];
  /** Preload test/util/memoryProbe so that `memory()` works. */
  memoryProbe?: boolean;
}

export interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the JS heap that V8 knows of (WASM memory, buffers). */
  external: number;
  /** Whether garbage was collected first (the server runs with --expose-gc). */
  gc: boolean;
}

const MEMORY_LINE = /^mlrun-secrets-memory (\{.*\})$/gm;

export class LspServer {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly progress: unknown[] = [];
  readonly registrations: unknown[] = [];
  stderr = '';
  /** window/logMessage messages from the server. */
  readonly logs: string[] = [];
  initializeResult!: InitializeResult;
  private listeners: ((p: PublishDiagnosticsParams) => void)[] = [];
  exited: number | null = null;

  private constructor(readonly proc: ChildProcessWithoutNullStreams, readonly connection: ProtocolConnection, readonly options: ServerOptions) {}

  static async start(options: ServerOptions = {}): Promise<LspServer> {
    const script = options.bundle ?? path.join(OUT, 'server', 'src', 'server.js');
    const probe = options.memoryProbe ? ['-r', path.join(OUT, 'test', 'util', 'memoryProbe.js')] : [];
    const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), ...probe, script, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const server = new LspServer(proc, connection, options);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => { server.stderr += d; });
    proc.on('exit', code => { server.exited = code ?? -1; });
    connection.onNotification(PublishDiagnosticsNotification.type, p => {
      server.diagnostics.set(p.uri, p);
      for (const l of server.listeners) l(p);
    });
    connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) => params.items.map(() => options.settings ?? {}));
    connection.onRequest('client/registerCapability', (p: unknown) => { server.registrations.push(p); return null; });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', (p: unknown) => { server.progress.push(p); });
    connection.onNotification('window/logMessage', (m: { message: string }) => { server.logs.push(m.message); });
    connection.listen();
    const folders = (options.folders ?? []).map(f => ({ uri: fileUriOf(f), name: path.basename(f) }));
    server.initializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: folders[0]?.uri ?? null, workspaceFolders: folders.length ? folders : null,
      capabilities: options.capabilities ?? CLIENT_CAPABILITIES,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  onDiagnostics(listener: (p: PublishDiagnosticsParams) => void): () => void {
    this.listeners.push(listener);
    return () => { this.listeners = this.listeners.filter(l => l !== listener); };
  }

  async open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Waits for diagnostics of `uri` (of at least `version` when given) that satisfy `check`. */
  async waitDiagnostics(uri: string, check: (d: Diagnostic[]) => boolean = () => true, version?: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    try {
      const p = await until(`diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''}`, () => {
        const got = this.diagnostics.get(uri);
        if (!got) return undefined;
        if (version !== undefined && (got.version ?? -1) < version) return undefined;
        return check(got.diagnostics) ? got : undefined;
      }, timeoutMs);
      return p.diagnostics;
    } catch (e) {
      const last = this.diagnostics.get(uri);
      throw new Error(`${(e as Error).message}; last published version ${last?.version}; server log: ${this.logs.slice(-5).join(' | ').slice(0, 3000)}; stderr: ${this.stderr.slice(-2000)}`, { cause: e });
    }
  }

  /** The server's memory, from the probe (start it with `memoryProbe: true`); garbage-collected first under --expose-gc. */
  async memory(): Promise<ServerMemory> {
    const before = [...this.stderr.matchAll(MEMORY_LINE)].length;
    this.proc.kill('SIGUSR2');
    const line = await until('the memory probe', () => [...this.stderr.matchAll(MEMORY_LINE)][before], 30_000);
    return JSON.parse(line[1]) as ServerMemory;
  }

  assertHealthy(): void {
    if (this.exited !== null) throw new Error(`server exited with ${this.exited}: ${this.stderr}`);
    if (/unhandled rejection|uncaught exception/.test(this.stderr)) throw new Error(`server reported: ${this.stderr}`);
  }

  async stop(): Promise<void> {
    if (this.exited === null) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise(r => setTimeout(r, 2000))]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      await until('server exit', () => this.exited !== null, 3000).catch(() => {
        this.proc.kill('SIGKILL');
      });
    }
    this.connection.dispose();
  }
}

export function fileUriOf(fsPath: string): string {
  return URI.file(fsPath).toString();
}
