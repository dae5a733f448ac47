/**
 * Issue 16 item 4, as a property over the job output path: a real CPython handler (run by the local job runner)
 * prints random values (seeded; non-ASCII, astral, quotes, backslashes, newlines) with CPython's own encoders —
 * print, json.dumps (ensure_ascii on and off), repr / f"{v!r}" / ascii / print(dict), bytes repr, upper / lower,
 * quote / quote(safe='') / quote_plus, base64 (std, url-safe, unpadded), reprlib and each line — and the output goes
 * through RedactingOutput in random chunks, as the terminal gets it. The oracle is what Python printed (kept in
 * memory, never shown): none of it may reach the terminal text. Assertions name keys and encodings only.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startLocalJob } from '../../../client/src/jobs/local/localJob';
import { RedactingOutput } from '../../../client/src/jobs/redactingOutput';
import { HIDDEN } from '../../../shared/src/redact';
import { repoPath } from '../../util/paths';
import { Random, testSeed } from '../../util/random';
import { leaks, randomSecret } from '../../util/secretValues';
import { capturingLogger } from '../backends/support/fixtures';
import { makeWorkspace, type Workspace } from '../jobs/support/workspace';

const KEYS = ['K0', 'K1', 'K2', 'K3', 'K4', 'K5'];

const HANDLER = `import base64
import json
import reprlib
import urllib.parse

KEYS = ${JSON.stringify(KEYS)}


def leak(context):
    for k in KEYS:
        v = context.get_secret(k)
        b = v.encode()
        for tag, text in [
            ("raw", v), ("json", json.dumps(v)), ("jsonUtf8", json.dumps(v, ensure_ascii=False)),
            ("dict", str({"K": v})), ("repr", repr(v)), ("frepr", f"{v!r}"), ("ascii", ascii(v)), ("bytes", repr(b)),
            ("upper", v.upper()), ("lower", v.lower()), ("upperJson", json.dumps(v.upper())),
            ("quote", urllib.parse.quote(v)), ("quoteSafe", urllib.parse.quote(v, safe="")),
            ("quotePlus", urllib.parse.quote_plus(v)), ("b64", base64.b64encode(b).decode()),
            ("b64url", base64.urlsafe_b64encode(b).decode()), ("b64nopad", base64.b64encode(b).decode().rstrip("=")),
            ("jsonDict", json.dumps({"K": v})), ("reprlib", reprlib.repr(v)),
        ]:
            print(f"@@{k}:{tag}@@", text, flush=True)
        for line in v.splitlines():
            print(f"@@{k}:line@@", line, flush=True)
`;

/** What each tagged print showed of the value, from Python's own output (markers `@@K:tag@@ `). */
function printed(raw: string): { key: string; tag: string; text: string }[] {
  // The space after a marker may be hidden with a value that starts with invisible characters (U+200B): not a leak.
  const parts = raw.split(/@@(K\d):([A-Za-z0-9]+)@@ ?/);
  const out: { key: string; tag: string; text: string }[] = [];
  for (let i = 1; i + 2 < parts.length; i += 3) out.push({ key: parts[i]!, tag: parts[i + 1]!, text: parts[i + 2]!.replace(/\r?\n$/, '').replace(/\n\[MLRun Secrets[\s\S]*$/, '') });
  return out;
}

/** The pieces of a print that come from the value and must be hidden (a reprlib piece only when it is the value's own start or end). */
function fragmentsOf(tag: string, text: string, value: string): string[] {
  if (tag === 'line') return text.trim().length >= 4 ? [text.trim()] : [];
  if (tag === 'reprlib' && text.includes('...')) {
    const head = text.slice(1, 13);
    const tail = text.slice(-14, -1);
    return [...(value.startsWith(head) ? [head] : []), ...(value.endsWith(tail) ? [tail] : [])];
  }
  return [text];
}

describe('job output: values printed in every CPython encoding show as [value hidden] (property)', function () {
  this.timeout(180_000);
  let ws: Workspace;
  beforeEach(() => {
    ws = makeWorkspace('mlrun-redaction-ws-');
  });
  afterEach(() => ws.remove());

  for (let run = 0; run < 3; run++) {
    it(`run ${run}: ${KEYS.length} random values, random chunking`, async () => {
      const random = new Random(testSeed(`job output ${run}`));
      const values = new Map(KEYS.map(k => [k, randomSecret(random, { max: k === 'K5' ? 90 : 30 })]));
      const file = ws.write('src/leak.py', HANDLER);
      let raw = '';
      let shown = '';
      const out = new RedactingOutput([...values.values()], t => (shown += t), 60_000);
      const sink = {
        output(t: string) {
          raw += t;
          for (let i = 0; i < t.length;) {
            const n = 1 + random.int(40);
            out.push(t.slice(i, i + n));
            i += n;
          }
        },
        info: () => undefined,
      };
      const started = await startLocalJob({
        request: { file, folder: ws.folder, handler: 'leak', project: 'demo', provider: { kind: 'local' }, keys: KEYS },
        values, python: 'python3', runnerPath: repoPath('client/src/jobs/local/runner.py'), image: 'mlrun/mlrun',
        artifactPath: join(ws.folder, 'artifacts'), baseEnv: { PATH: process.env.PATH }, sink, logger: capturingLogger(), runner: 'fallback',
      });
      assert.ok(started.ok, 'the job started');
      const outcome = await started.value.done;
      out.flush();
      assert.equal(outcome.state, 'completed');
      const prints = printed(raw);
      const seen = printed(shown);
      assert.ok(prints.length >= KEYS.length * 19, 'every encoding was printed');
      assert.deepEqual(seen.map(p => `${p.key}:${p.tag}`), prints.map(p => `${p.key}:${p.tag}`), 'the terminal shows every print');
      // Each print against what the terminal shows for it (another print may show the same few escaped characters).
      const leaked = prints.filter((p, i) => leaks(seen[i]!.text, fragmentsOf(p.tag, p.text, values.get(p.key)!))).map(p => `${p.key}:${p.tag}`);
      assert.deepEqual(leaked, []);
      assert.ok(shown.includes(`@@K0:b64@@ ${HIDDEN}\n`), 'the text around a value is kept');
    });
  }
});
