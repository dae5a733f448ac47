/**
 * The handler's code as `code_to_function` reads it for the remote targets: the file's text (strict UTF-8), its
 * `filename` relative to the workspace folder, the function name, and the git part of `code_origin`.
 */
import { readFile } from 'node:fs/promises';
import { fail, ok, type Result } from '../backends/types';
import { decodeSourceFile } from './functionObject';
import { gitOrigin, type RunGit } from './gitOrigin';
import { relativeFilename } from './local/localJob';
import { functionNameForFile } from './names';
import type { HandlerRef } from './types';

export interface HandlerCode {
  filename: string;
  functionName: string;
  code: string;
  gitOrigin?: string;
}

export async function readHandlerCode(ref: HandlerRef, git?: RunGit): Promise<Result<HandlerCode>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(ref.file);
  } catch (e) {
    return fail('notFound', `Cannot read ${ref.file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  const code = decodeSourceFile(bytes);
  if (code === undefined) return fail('invalid', `${ref.file} is not valid UTF-8; MLRun reads job code as UTF-8 text.`);
  const filename = relativeFilename(ref.folder, ref.file);
  const origin = await gitOrigin(ref.file, git);
  const out: HandlerCode = { filename, functionName: functionNameForFile(filename), code };
  if (origin) out.gitOrigin = origin;
  return ok(out);
}
