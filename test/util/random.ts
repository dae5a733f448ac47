/**
 * A seeded PRNG for randomised tests (mulberry32). Tests print their seed and accept one to replay a failure:
 * MLRUN_SECRETS_SEED=<seed> (`seedFromEnv` in the analyser and language-server tests, `testSeed` in the backend, job
 * and redaction tests).
 */
import { randomBytes } from 'node:crypto';

export function seedFromEnv(name = 'MLRUN_SECRETS_SEED'): number {
  const v = process.env[name];
  if (v && /^\d+$/.test(v)) return Number(v) >>> 0;
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}

export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed from MLRUN_SECRETS_SEED, or a fresh one; printed with `label` so a failure can be replayed. */
export function testSeed(label: string): number {
  const fromEnv = process.env.MLRUN_SECRETS_SEED;
  const seed = fromEnv ? Number(fromEnv) : randomBytes(4).readUInt32LE(0);
  console.log(`      [${label}] seed ${seed} (replay with MLRUN_SECRETS_SEED=${seed})`);
  return seed;
}

/** `Random(seed).next` as a function. */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}
