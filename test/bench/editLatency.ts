/**
 * Benchmark: edit latency through --stdio, ours beside the floor (baselineServer.ts). A 10,000-line file with 200
 * secret calls, single-character edits spread over the file (SpreadEdits: a letter at column 4 of a random line), each
 * measured from sending didChange to receiving the publishDiagnostics of that version. Both servers get the same
 * edits one after the other, alternating which goes first, so that a noisy machine slows both alike.
 */
import { Random } from '../util/random';
import { diagnosticsOf, percentile, startServer } from './drive';
import { pythonModule } from './generate';
import { SpreadEdits } from './spreadEdits';

export interface LatencyStats {
  p50: number;
  p95: number;
  max: number;
}

export interface LatencyResult {
  ours: LatencyStats;
  floor: LatencyStats;
  /** Diagnostics our server publishes for the file. */
  diagnostics: number;
}

function stats(times: number[]): LatencyStats {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

export async function editLatency(ours: string, floor: string, edits = 1000, seed = 7): Promise<LatencyResult> {
  const text = pythonModule(10_000, 200);
  const uri = 'file:///bench/pipeline.py';
  const servers = [await startServer('ours', ours), await startServer('floor', floor)];
  try {
    let diagnostics = 0;
    for (const s of servers) {
      const got = diagnosticsOf(s.server, uri, 1);
      await s.server.open(uri, 'python', text);
      await got;
      if (s.name === 'ours') diagnostics = s.server.diagnostics.get(uri)?.diagnostics.length ?? 0;
    }
    const editor = new SpreadEdits(uri, 'python', text, new Random(seed));
    const times: Record<string, number[]> = { ours: [], floor: [] };
    for (let i = 0; i < edits; i++) {
      const change = editor.next();
      const version = editor.version;
      const order = i % 2 === 0 ? servers : [...servers].reverse();
      for (const s of order) {
        const got = diagnosticsOf(s.server, uri, version);
        const sent = performance.now();
        await s.server.change(uri, version, [change]);
        await got;
        times[s.name].push(performance.now() - sent);
      }
    }
    for (const s of servers) s.server.assertHealthy();
    return { ours: stats(times.ours), floor: stats(times.floor), diagnostics };
  } finally {
    for (const s of servers) await s.server.stop();
  }
}
