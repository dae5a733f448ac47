/**
 * Defence in depth for text that comes from a server (an error body, an exec plugin's stderr): any occurrence of a
 * value the call was carrying is replaced before the text reaches a Failure or a log line. Our own messages never
 * contain values; this covers servers that echo input.
 */
import type { Failure, Logger } from '../types';

/** Values shorter than this are not searched for (they would mangle ordinary words and cannot be told apart). */
const MIN_REDACT_LENGTH = 4;

export function redact(text: string, values: Iterable<string>): string {
  let out = text;
  const sorted = [...values].filter(v => v.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length);
  for (const v of sorted) {
    if (out.includes(v)) out = out.split(v).join('[value hidden]');
    const b64 = Buffer.from(v, 'utf8').toString('base64');
    if (out.includes(b64)) out = out.split(b64).join('[value hidden]');
    const json = JSON.stringify(v).slice(1, -1);
    if (json !== v && out.includes(json)) out = out.split(json).join('[value hidden]');
  }
  return out;
}

export function redactFailure(f: Failure, values: Iterable<string>): Failure {
  const list = [...values];
  return list.length ? { ...f, message: redact(f.message, list) } : f;
}

/** A logger that redacts the given values from every line (used around calls that carry values). */
export function redactingLogger(logger: Logger, values: Iterable<string>): Logger {
  const list = [...values];
  if (list.length === 0) return logger;
  return {
    trace: m => logger.trace(redact(m, list)),
    info: m => logger.info(redact(m, list)),
    warn: m => logger.warn(redact(m, list)),
    error: m => logger.error(redact(m, list)),
  };
}
