/**
 * A throwaway workspace folder for job tests (handler files only — never values), a sink that keeps what a job
 * wrote, and helpers to look for a canary everywhere afterwards.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JobSink } from '../../../../client/src/jobs/types';
import { containsCanary } from '../../backends/support/fixtures';

export interface Workspace {
  folder: string;
  write(relative: string, text: string): string;
  remove(): void;
}

export function makeWorkspace(prefix = 'mlrun-jobs-ws-'): Workspace {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  return {
    folder,
    write(relative, text) {
      const file = join(folder, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

export interface CapturingSink extends JobSink {
  text: string;
  infos: string[];
  all(): string;
}

export function capturingSink(): CapturingSink {
  const sink: CapturingSink = {
    text: '',
    infos: [],
    output(t) {
      sink.text += t;
    },
    info(t) {
      sink.infos.push(t);
    },
    all: () => `${sink.infos.join('\n')}\n${sink.text}`,
  };
  return sink;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Files under `dir` (recursively) whose bytes contain the canary in any of its forms. */
export function filesWithCanary(dir: string, value: string): string[] {
  const hits: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (containsCanary(readFileSync(p).toString('utf8'), value)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

/** A handler file: reads DB_PASSWORD through context.get_secret and prints its SHA-256 (never the value). */
export const HASHING_HANDLER = `import hashlib
import os
import sys


def train(context):
    value = context.get_secret("DB_PASSWORD")
    if not value:
        raise ValueError("DB_PASSWORD is not set")
    print("sha256=" + hashlib.sha256(value.encode("utf-8")).hexdigest(), flush=True)
    with open("/proc/self/cmdline", "rb") as f:
        cmdline = f.read().decode("utf-8", "replace")
    print("value-in-argv=%s" % (value in cmdline or value in " ".join(sys.argv)), flush=True)
    print("stale-variable=%s" % ("MLRUN_K8S_SECRET__STALE" in os.environ), flush=True)
    print("secret-variables=" + ",".join(sorted(k for k in os.environ if k.startswith("MLRUN_K8S_SECRET__"))), flush=True)
    print("plain-variable=%s" % ("DB_PASSWORD" in os.environ), flush=True)
    context.logger.info("done hashing")
    context.log_result("length", len(value))


def fails(context):
    raise RuntimeError("the handler failed on purpose")


def waits(context):
    import time
    print("ready", flush=True)
    time.sleep(60)


def reads_env(context):
    import mlrun
    token = mlrun.get_secret_or_env("MY_TOKEN")
    print("own-name=" + hashlib.sha256(os.environ["MY_TOKEN"].encode("utf-8")).hexdigest(), flush=True)
    print("via-mlrun=" + hashlib.sha256(token.encode("utf-8")).hexdigest(), flush=True)
`;
