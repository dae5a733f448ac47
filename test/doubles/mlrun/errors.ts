/**
 * MLRun's error bodies (docs/mlrun-facts.md §2.2): `{"detail": "<repr of the exception>"}` with
 * Python's own `repr` rules, and FastAPI/pydantic v1 validation errors (422, `{"detail": [...]}`).
 */

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** Python 3 `repr(str)`: single quotes unless the text has `'` and no `"`; escapes as CPython does. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (ch !== ' ' && NOT_PRINTABLE.test(ch)) {
      out += cp <= 0xff ? '\\x' + hex(cp, 2) : cp <= 0xffff ? '\\u' + hex(cp, 4) : '\\U' + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

/** `repr(SomeError("message"))`. */
export function exceptionRepr(className: string, message: string): string {
  return `${className}(${pyRepr(message)})`;
}

/** MLRun's `{"detail": repr(exc)}`. */
export function detail(className: string, message: string): { detail: string } {
  return { detail: exceptionRepr(className, message) };
}

/** MLRun's error classes by HTTP status (mlrun/errors.py). */
export const MLRUN_ERROR_BY_STATUS: Record<number, string> = {
  400: 'MLRunBadRequestError',
  401: 'MLRunUnauthorizedError',
  403: 'MLRunAccessDeniedError',
  404: 'MLRunNotFoundError',
  409: 'MLRunConflictError',
  412: 'MLRunPreconditionFailedError',
  500: 'MLRunInternalServerError',
};

/** A raised MLRun error inside a handler. */
export class MlrunHttpError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(typeof body === 'object' && body && 'detail' in body ? String((body as { detail: unknown }).detail) : `HTTP ${status}`);
  }
}

export function raise(status: number, className: string, message: string): never {
  throw new MlrunHttpError(status, detail(className, message));
}

/** Body a fault injector sends for a bare status. */
export function bodyForStatus(status: number): unknown {
  if (status === 502 || status === 503 || status === 504) return `<html><body><h1>${status}</h1>upstream unavailable (injected fault)</body></html>`;
  return detail(MLRUN_ERROR_BY_STATUS[status] ?? 'MLRunHTTPError', `injected fault (${status})`);
}

// ---- FastAPI / pydantic v1 request validation (422) ----

export interface ValidationItem {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

export function validationError(items: ValidationItem[]): MlrunHttpError {
  return new MlrunHttpError(422, { detail: items });
}

export function enumError(loc: (string | number)[], values: string[]): ValidationItem {
  return {
    loc,
    msg: `value is not a valid enumeration member; permitted: ${values.map(v => `'${v}'`).join(', ')}`,
    type: 'type_error.enum',
    ctx: { enum_values: values },
  };
}

export const DICT_ERROR = (loc: (string | number)[]): ValidationItem => ({ loc, msg: 'value is not a valid dict', type: 'type_error.dict' });
export const MISSING_ERROR = (loc: (string | number)[]): ValidationItem => ({ loc, msg: 'field required', type: 'value_error.missing' });

/** Python's `type(x).__name__` for a JSON value. */
export function pyTypeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  return Array.isArray(v) ? 'list' : 'dict';
}
