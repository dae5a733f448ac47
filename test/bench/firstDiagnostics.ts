/**
 * Benchmark: how long the first diagnostics of a file take after `didOpen` in a fresh server (ours beside the floor),
 * for a 200-line file and the 10,000-line one. Each run starts new servers; `initialize` is timed on its own (the
 * parser and grammar load there).
 */
import { diagnosticsOf, percentile, startServer } from './drive';
import { pythonModule } from './generate';

export interface FirstDiagnostics {
  lines: number;
  /** Median, min and max over the runs, in ms. */
  ours: { median: number; min: number; max: number };
  floor: { median: number; min: number; max: number };
  /** Median time of `initialize` + `initialized` of our server. */
  oursInitialize: number;
}

function summary(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: percentile(s, 50), min: s[0], max: s[s.length - 1] };
}

export async function firstDiagnostics(ours: string, floor: string, lines: number, runs = 7): Promise<FirstDiagnostics> {
  const text = pythonModule(lines, Math.max(4, Math.round(lines / 50)));
  const uri = 'file:///bench/first.py';
  const times: Record<string, number[]> = { ours: [], floor: [] };
  const inits: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const [name, script] of [['ours', ours], ['floor', floor]] as const) {
      const t0 = performance.now();
      const s = await startServer(name, script);
      if (name === 'ours') inits.push(performance.now() - t0);
      try {
        const got = diagnosticsOf(s.server, uri, 1);
        const sent = performance.now();
        await s.server.open(uri, 'python', text);
        await got;
        times[name].push(performance.now() - sent);
        s.server.assertHealthy();
      } finally {
        await s.server.stop();
      }
    }
  }
  return { lines, ours: summary(times.ours), floor: summary(times.floor), oursInitialize: summary(inits).median };
}
