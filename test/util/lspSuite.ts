/**
 * The language server over a fresh temporary workspace folder, for the LSP tests: one server shared by a whole
 * suite (`lspSuite`, mocha hooks) or one for a single test (`withLspServer`).
 */
import { LspServer, type ServerOptions } from './lspClient';
import { tempDir, writeTree } from './paths';

export interface LspSuiteOptions {
  /** Files (relative path → content) written into the folder before the server starts. */
  files?: Record<string, string>;
  /** Check after every test that the server neither exited nor reported an unhandled rejection (default true). */
  healthCheck?: boolean;
}

export interface LspSuite {
  /** The running server (set by the suite's `before` hook). */
  readonly server: LspServer;
  /** The workspace folder (a fresh temporary directory). */
  readonly dir: string;
}

/**
 * Registers the hooks of a suite that shares one server: started in `before` over a new folder holding
 * `options.files`, stopped and the folder removed in `after`, and (unless `healthCheck: false`) checked after each
 * test. Call it inside `describe`, before any `before` hook that uses the server.
 */
export function lspSuite(options: LspSuiteOptions = {}): LspSuite {
  let tmp: ReturnType<typeof tempDir> | undefined;
  let server: LspServer | undefined;
  before(async () => {
    tmp = tempDir();
    if (options.files) writeTree(tmp.dir, options.files);
    server = await LspServer.start({ folders: [tmp.dir] });
  });
  after(async () => {
    await server?.stop();
    tmp?.remove();
  });
  if (options.healthCheck ?? true) afterEach(() => server?.assertHealthy());
  return {
    get server() {
      if (!server) throw new Error('the language server is not started yet (use it in tests and later hooks)');
      return server;
    },
    get dir() {
      if (!tmp) throw new Error('the workspace folder is not created yet (use it in tests and later hooks)');
      return tmp.dir;
    },
  };
}

/**
 * Runs `test` with its own server (started with `options`) over a new folder holding `files`, checks the server's
 * health when the test passes, then stops it and removes the folder.
 */
export async function withLspServer(
  setup: { files?: Record<string, string>; options?: Omit<ServerOptions, 'folders'> },
  test: (server: LspServer, dir: string) => Promise<void>,
): Promise<void> {
  const tmp = tempDir();
  if (setup.files) writeTree(tmp.dir, setup.files);
  const server = await LspServer.start({ ...setup.options, folders: [tmp.dir] });
  try {
    await test(server, tmp.dir);
    server.assertHealthy();
  } finally {
    await server.stop();
    tmp.remove();
  }
}
