/**
 * Preloaded into a language server (`node -r out/test/util/memoryProbe.js server.js --stdio`) by the benchmarks and
 * the memory regression test, so that neither server needs a request of its own for it: on SIGUSR2 it writes one
 * line `mlrun-secrets-memory {"seq":…,"rss":…,"heapUsed":…,"heapTotal":…,"external":…,"gc":…}` to stderr. When the process runs with
 * `--expose-gc` (the regression test only), it collects garbage first, so `heapUsed` is what is really retained.
 */
let seq = 0;

process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const m = process.memoryUsage();
  process.stderr.write(`mlrun-secrets-memory ${JSON.stringify({ seq: ++seq, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, gc: gc !== undefined })}\n`);
});
