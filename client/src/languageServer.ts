/**
 * Starts and restarts the language server (`dist/server.js`) over IPC for Python files, notebooks (notebook-document
 * sync), Markdown and the YAML files MLRun reads. It is started on demand (serverStart.ts decides when), and tells
 * what state it is in (for the language status item).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR as FILE_KINDS_SELECTOR } from '../../shared/src/fileKinds';
import { redactingChannel } from './backends/common/redact';

export const CLIENT_ID = 'mlrunSecrets';
const CLIENT_NAME = 'MLRun Secrets Language Server';

/** The analysed documents (shared/src/fileKinds.ts). */
export const DOCUMENT_SELECTOR = [...FILE_KINDS_SELECTOR];

/** Hooks other parts install once the client runs (request handlers, notifications to resend after a restart). */
export type ClientHook = (client: LanguageClient) => void | Promise<void>;

/** Not started yet (nothing needed it), starting, running, stopped (it exited or was stopped), or failed to start. */
export type ServerState = 'notStarted' | 'starting' | 'running' | 'stopped' | 'failed';

export class LanguageServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly hooks: ClientHook[] = [];
  private readonly changed = new vscode.EventEmitter<LanguageClient>();
  private readonly stateChanged = new vscode.EventEmitter<ServerState>();
  private currentState: ServerState = 'notStarted';
  /** One channel for every (re)start of the server, so restarts do not pile up channels. */
  /** The server's log and the LSP trace: through the redactor too (they carry names, never values; defence in depth). */
  private readonly output = redactingChannel(vscode.window.createOutputChannel(CLIENT_NAME, { log: true }));
  /** Fires each time a (re)started client is running. */
  readonly onDidStart = this.changed.event;
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Runs `hook` on the current client (if running) and on every future (re)start. */
  onClient(hook: ClientHook): void {
    this.hooks.push(hook);
    if (this.client?.isRunning()) void Promise.resolve(hook(this.client)).catch(e => this.log.error(`client hook: ${e}`));
  }

  get state(): ServerState {
    return this.currentState;
  }

  private setState(state: ServerState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.stateChanged.fire(state);
  }

  get current(): LanguageClient | undefined {
    return this.client?.isRunning() ? this.client : undefined;
  }

  /** The running client, starting it when needed. */
  async ready(): Promise<LanguageClient> {
    if (this.client?.isRunning()) return this.client;
    return this.start();
  }

  start(): Promise<LanguageClient> {
    this.starting ??= this.doStart().then(
      client => {
        this.setState('running');
        return client;
      },
      (e: unknown) => {
        this.setState('failed');
        throw e;
      },
    ).finally(() => (this.starting = undefined));
    return this.starting;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.dispose(2000).catch(e => this.log.warn(`stopping the language server: ${e}`));
    if (c) this.setState('stopped');
  }

  private async doStart(): Promise<LanguageClient> {
    const module = path.join(this.extensionPath, 'dist', 'server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      // No client-side file watcher: the server registers the one watcher (shared/src/fileKinds.ts WATCH_GLOBS).
      diagnosticCollectionName: 'mlrun-secrets',
      outputChannel: this.output,
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    const t0 = Date.now();
    this.setState('starting');
    await client.start();
    this.client = client;
    // The client restarts a crashed server by itself a few times, then gives up (Stopped).
    client.onDidChangeState(e => {
      if (this.client !== client) return;
      if (e.newState === State.Running) this.setState('running');
      else if (e.newState === State.Stopped) this.setState('stopped');
    });
    this.log.info(`language server started in ${Date.now() - t0} ms`);
    // Hooks are not awaited: one that needs the server (e.g. a request) must not hold up the start it waits for.
    for (const hook of this.hooks) {
      void Promise.resolve().then(() => hook(client)).catch(e => this.log.error(`client hook failed: ${e instanceof Error ? e.message : String(e)}`));
    }
    this.changed.fire(client);
    return client;
  }

  dispose(): void {
    void this.stop();
    this.changed.dispose();
    this.stateChanged.dispose();
    this.output.dispose();
  }
}
