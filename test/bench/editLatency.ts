/**
 * Benchmark 1: edit latency through --stdio. A 10,000-line file with 200 secret calls, 500 single-character edits
 * with incremental sync (insert an identifier character, then delete it, at random places), measured from sending
 * didChange to receiving the publishDiagnostics of that version.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspServer } from '../util/lspClient';
import { Random } from '../util/random';
import { pythonModule } from './generate';

export interface LatencyResult {
  p50: number;
  p95: number;
  max: number;
  open: number;
  diagnostics: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function editLatency(script: string, edits = 500, seed = 7): Promise<LatencyResult> {
  const text = pythonModule(10_000, 200);
  const server = await LspServer.start({ bundle: script, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
  try {
    const uri = 'file:///bench/pipeline.py';
    let doc = TextDocument.create(uri, 'python', 1, text);
    const t0 = performance.now();
    await server.open(uri, 'python', text);
    const initial = await server.waitDiagnostics(uri, () => true, 1, 60_000);
    const open = performance.now() - t0;
    const rng = new Random(seed);
    const times: number[] = [];
    let version = 1;
    let pendingDelete: { line: number; character: number } | null = null;
    const lines = text.split('\n');
    for (let i = 0; i < edits; i++) {
      let change;
      if (pendingDelete) {
        const p = pendingDelete;
        change = { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: '' };
        pendingDelete = null;
      } else {
        let line = rng.int(lines.length);
        while (lines[line].trim() === '') line = rng.int(lines.length);
        const indent = lines[line].length - lines[line].trimStart().length;
        const character = indent + rng.int(lines[line].length - indent);
        change = { range: { start: { line, character }, end: { line, character } }, text: 'abcdefghijklmnopqrstuvwxyz'[rng.int(26)] };
        pendingDelete = { line, character };
      }
      version++;
      doc = TextDocument.update(doc, [change], version);
      const sent = performance.now();
      const got = new Promise<void>(resolve => {
        const stop = server.onDiagnostics(p => {
          if (p.uri === uri && (p.version ?? 0) >= version) {
            stop();
            resolve();
          }
        });
      });
      await server.change(uri, version, [change]);
      await got;
      times.push(performance.now() - sent);
    }
    server.assertHealthy();
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], open, diagnostics: initial.length };
  } finally {
    await server.stop();
  }
}
