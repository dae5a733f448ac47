/**
 * Benchmark: memory over a day of typing. Our server and the floor (baselineServer.ts) run side by side from this
 * process and get the same edits; RSS and heapUsed are read (memoryProbe) every 1,000 edits (every 100 files).
 * Workloads: the 10,000-line module (200 secret calls), a 200-cell notebook edited cell by cell, a Markdown document
 * with 200 Python blocks, and 1,000 files opened, edited and closed in turn.
 */
import { DidChangeNotebookDocumentNotification, DidOpenNotebookDocumentNotification, NotebookCellKind } from 'vscode-languageserver-protocol/node';
import { Random } from '../util/random';
import { diagnosticsOf, startServer, type BenchServer } from './drive';
import { markdownDocument, notebookCells, pythonModule } from './generate';
import { SpreadEdits } from './spreadEdits';

export interface MemoryPoint {
  at: number;
  rss: number;
  heapUsed: number;
}

export interface SoakResult {
  workload: string;
  unit: string;
  /** By server name: ours, floor. */
  points: Record<string, MemoryPoint[]>;
  /** Set when the run stopped early (our server over the RSS cap). */
  aborted: string | null;
}

/** Stops a workload whose server has run away (a leak), so that a shared machine is not swapped out. */
const RSS_CAP = 1.5 * 1024 * 1024 * 1024;

type Checkpoint = (at: number) => Promise<boolean>;

async function textSoak(servers: BenchServer[], languageId: string, uri: string, text: string, edits: number, checkpoint: Checkpoint): Promise<void> {
  const editor = new SpreadEdits(uri, languageId, text, new Random(7));
  await Promise.all(servers.map(async ({ server }) => {
    const got = diagnosticsOf(server, uri, 1);
    await server.open(uri, languageId, text);
    await got;
  }));
  for (let i = 1; i <= edits; i++) {
    const change = editor.next();
    const version = editor.version;
    await Promise.all(servers.map(async ({ server }) => {
      const got = diagnosticsOf(server, uri, version);
      await server.change(uri, version, [change]);
      await got;
    }));
    if (!await checkpoint(i)) return;
  }
}

async function notebookSoak(servers: BenchServer[], cells: number, edits: number, checkpoint: Checkpoint): Promise<void> {
  const nbUri = 'file:///bench/explore.ipynb';
  const texts = notebookCells(cells);
  const rng = new Random(11);
  const editors = texts.map((t, i) => new SpreadEdits(`vscode-notebook-cell:/bench/explore.ipynb#cell${i}`, 'python', t, rng));
  await Promise.all(servers.map(async ({ server }) => {
    const got = Promise.all(editors.map(e => diagnosticsOf(server, e.doc.uri, 1)));
    await server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells: editors.map(e => ({ kind: NotebookCellKind.Code, document: e.doc.uri })) },
      cellTextDocuments: editors.map((e, i) => ({ uri: e.doc.uri, languageId: 'python', version: 1, text: texts[i] })),
    });
    await got;
  }));
  for (let i = 1; i <= edits; i++) {
    const editor = editors[(i - 1) % editors.length];
    const change = editor.next();
    const version = editor.version;
    await Promise.all(servers.map(async ({ server }) => {
      const got = diagnosticsOf(server, editor.doc.uri, version);
      await server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
        notebookDocument: { uri: nbUri, version: i + 1 },
        change: { cells: { textContent: [{ document: { uri: editor.doc.uri, version }, changes: [change] }] } },
      });
      await got;
    }));
    if (!await checkpoint(i)) return;
  }
}

async function filesSoak(servers: BenchServer[], files: number, editsPerFile: number, checkpoint: Checkpoint): Promise<void> {
  const rng = new Random(13);
  for (let f = 0; f < files; f++) {
    const uri = `file:///bench/project/module_${f}.py`;
    const text = pythonModule(200 + (f % 5) * 60, 4 + (f % 3), f + 1);
    const editor = new SpreadEdits(uri, 'python', text, rng);
    const changes = Array.from({ length: editsPerFile }, () => editor.next());
    await Promise.all(servers.map(async ({ server }) => {
      const opened = diagnosticsOf(server, uri, 1);
      await server.open(uri, 'python', text);
      await opened;
      for (let k = 0; k < changes.length; k++) {
        const got = diagnosticsOf(server, uri, k + 2);
        await server.change(uri, k + 2, [changes[k]]);
        await got;
      }
      await server.close(uri);
    }));
    if (!await checkpoint(f + 1)) return;
  }
}

export interface SoakOptions {
  ours: string;
  floor: string;
  edits?: number;
  files?: number;
  /** Workload names to run (python, notebook, markdown, files); all when empty. */
  only?: string[];
  print?: (line: string) => void;
}

export async function soak(options: SoakOptions): Promise<SoakResult[]> {
  const edits = options.edits ?? 10_000;
  const files = options.files ?? 1_000;
  const print = options.print ?? ((l: string) => console.log(l));
  const results: SoakResult[] = [];
  const workloads: { name: string; unit: string; every: number; run: (s: BenchServer[], cp: Checkpoint) => Promise<void> }[] = [
    { name: 'python: 10,000-line module, 200 secret calls', unit: 'edits', every: 1000,
      run: (s, cp) => textSoak(s, 'python', 'file:///bench/pipeline.py', pythonModule(10_000, 200), edits, cp) },
    { name: 'notebook: 200 cells, edited cell by cell', unit: 'edits', every: 1000, run: (s, cp) => notebookSoak(s, 200, edits, cp) },
    { name: 'markdown: 200 Python blocks', unit: 'edits', every: 1000,
      run: (s, cp) => textSoak(s, 'markdown', 'file:///bench/notes.md', markdownDocument(200), edits, cp) },
    { name: 'files: 1,000 files opened, edited 10 times, closed', unit: 'files', every: 100, run: (s, cp) => filesSoak(s, files, 10, cp) },
  ];
  for (const w of workloads) {
    const key = w.name.split(':')[0];
    if (options.only?.length && !options.only.includes(key)) continue;
    const servers = [await startServer('ours', options.ours), await startServer('floor', options.floor)];
    const result: SoakResult = { workload: w.name, unit: w.unit, points: { ours: [], floor: [] }, aborted: null };
    print(`   ${w.name}`);
    print(`     ${w.unit.padStart(6)}   ${'ours: RSS'.padStart(10)} ${'heapUsed'.padStart(9)}   ${'floor: RSS'.padStart(10)} ${'heapUsed'.padStart(9)}`);
    const checkpoint = async (at: number): Promise<boolean> => {
      if (at !== 100 && at % w.every !== 0) return true;
      const cells: string[] = [];
      for (const s of servers) {
        const m = await s.server.memory();
        result.points[s.name].push({ at, rss: m.rss, heapUsed: m.heapUsed });
        cells.push(`${(m.rss / 1048576).toFixed(0).padStart(7)} MB ${(m.heapUsed / 1048576).toFixed(0).padStart(6)} MB`);
      }
      print(`     ${String(at).padStart(6)}   ${cells.join('   ')}`);
      const ours = result.points.ours[result.points.ours.length - 1];
      if (ours.rss > RSS_CAP) {
        result.aborted = `stopped after ${at} ${w.unit}: our server's RSS passed ${(RSS_CAP / 1048576).toFixed(0)} MB`;
        print(`     ${result.aborted}`);
        return false;
      }
      return true;
    };
    try {
      await w.run(servers, checkpoint);
      for (const s of servers) s.server.assertHealthy();
    } finally {
      for (const s of servers) await s.server.stop();
    }
    results.push(result);
  }
  return results;
}

/** RSS at the last checkpoint over RSS at 100 (edits or files). */
export function growth(points: MemoryPoint[]): number {
  const early = points.find(p => p.at === 100);
  const last = points[points.length - 1];
  return early && last ? last.rss / early.rss : NaN;
}
