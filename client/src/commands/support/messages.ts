/** Turns a backend failure into one sentence for the user (and a log line). Failures never carry values. */
import { inFlight } from '../../backends/common/redact';
import type { Failure } from '../../backends/types';
import type { Ctx } from '../../ctx';

/** `what`: the start of the sentence, e.g. `Could not set "KEY" in project "demo"`. Returns the chosen action. */
export async function showFailure<T extends string>(ctx: Ctx, what: string, failure: Failure, ...actions: T[]): Promise<T | undefined> {
  if (failure.kind === 'cancelled') {
    ctx.log.info(`${what}: cancelled`);
    void ctx.host.showInformationMessage(`MLRun Secrets: ${failure.message}`);
    return undefined;
  }
  // Backends already cleaned the server's text; this catches a credential or value in flight all the same.
  const message = inFlight.redact(`${what}: ${lowerFirst(failure.message)}`);
  ctx.log.warn(`${message} [${failure.kind}${failure.status ? ` ${failure.status}` : ''}${failure.code ? ` ${failure.code}` : ''}]`);
  return ctx.host.showErrorMessage(`MLRun Secrets: ${message}`, ...actions);
}

/** "The MLRun API…" → "the MLRun API…" after a colon, but keep names and acronyms ("MLRun", "Key"). */
function lowerFirst(s: string): string {
  return /^(The|A|An|No|Cannot|Could) /.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/** A list of names for a sentence: "A", "A and B", "A, B and 3 more". */
export function listNames(names: readonly string[], max = 5): string {
  const quoted = names.map(n => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  if (quoted.length <= max) return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
  return `${quoted.slice(0, max).join(', ')} and ${quoted.length - max} more`;
}
