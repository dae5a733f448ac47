/** Hostile Python for the robustness tests: what silenced the server before, and a snippet that must keep its finding. */
import type { Random } from './random';

/** `depth` nested `if` blocks (indented by `indent` per level) with a string literal at the bottom. */
export function nestedIfs(depth: number, indent = ' '): string {
  let s = 'import mlrun\n';
  for (let i = 0; i < depth; i++) s += `${indent.repeat(i)}if x:\n`;
  return `${s}${indent.repeat(depth)}y = "a secret at the bottom"\n`;
}

/** Insecure code whose findings (MLS001 on line 2, MLS003 on the literal) any working analyzer reports. */
export const INSECURE = 'import mlrun\ntask = mlrun.new_task()\ntask.with_secrets("inline", {"DB_PASSWORD": "hunter2"})\n';

/** A random hostile Python document: deep indentation in its variants, long lines, lone surrogates, NULs. */
export function hostileDocument(rng: Random): string {
  switch (rng.int(6)) {
    case 0: return nestedIfs(150 + rng.int(700), rng.pick([' ', '\t', '  ']));
    case 1: {
      // Deep nesting inside an f-string and brackets, the string at the bottom in the scanner's interpolation state.
      let s = 'x = f"""{(\n';
      for (let i = 0; i < 200 + rng.int(600); i++) s += `${' '.repeat(i)}if a:\n`;
      return `${s}"${'"'.repeat(rng.int(3))}{y}")}"""\n`;
    }
    case 2: return `task.with_secrets("inline", {"A": "${'x'.repeat(20_000 + rng.int(50_000))}"})\n`;
    case 3: {
      let s = '';
      for (let i = 0; i < 2000; i++) s += String.fromCharCode(rng.int(0x10000));
      return s;
    }
    case 4: return `${'('.repeat(5000 + rng.int(5000))}\n${' \\\n'.repeat(3000)}"x"\n`;
    default: {
      // Continuation lines that add up to widths the scanner keeps in 16 bits.
      let s = 'if x:\n';
      for (let i = 0; i < 300 + rng.int(400); i++) s += `${' '.repeat(1 + (i % 7))}\\\n${' '.repeat(i)}y = "s"\n`;
      return s;
    }
  }
}
