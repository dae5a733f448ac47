/** Benchmark 3: resident memory of the server after opening 1,000 Python files (each with secret calls). */
import * as fs from 'node:fs';
import { LspServer } from '../util/lspClient';
import { pythonModule } from './generate';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function memory(script: string, files = 1000): Promise<{ rssMb: number; files: number; diagnostics: number }> {
  const server = await LspServer.start({ bundle: script });
  try {
    let diagnostics = 0;
    for (let i = 0; i < files; i++) {
      const uri = `file:///bench/project/module_${i}.py`;
      await server.open(uri, 'python', pythonModule(200 + (i % 5) * 60, 4 + (i % 3), i + 1));
    }
    for (let i = 0; i < files; i++) {
      diagnostics += (await server.waitDiagnostics(`file:///bench/project/module_${i}.py`, () => true, undefined, 120_000)).length;
    }
    server.assertHealthy();
    return { rssMb: rssMb(server.proc.pid!), files, diagnostics };
  } finally {
    await server.stop();
  }
}
