/**
 * Guard (issue 16 item 7): nothing in client/ or shared/ indexes a plain object by a name it did not write itself.
 * With the type checker it finds `o[name]` where `name` is any string and `o` is a string-keyed record, `name in o`,
 * and `Object.assign(target, …)` — each would turn `__proto__` into a prototype or answer `constructor` with
 * Object.prototype's function. Allowed: records made by `nullRecord`/`parseJson` (their type carries the OwnRecord
 * brand), lookups guarded by `hasOwnProperty.call` in the same statement, shared/src/records.ts itself, and the
 * few listed below with their reason.
 */
import { strict as assert } from 'node:assert';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** `file: code` of accesses that are safe for a reason the types cannot tell. */
const ALLOWED: Readonly<Record<string, string>> = {
  // Keys are document URIs the client itself sent (`file:///…`), never a prototype name.
  'client/src/fileFacts.ts: answer[u]': 'URI keys',
};

function program(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config, 'tsconfig.json parses');
  const files = config.fileNames.filter(f => /[/\\](client|shared)[/\\]src[/\\]/.test(f));
  assert.ok(files.length > 100, 'the sources of client/ and shared/ are found');
  return ts.createProgram(files, config.options);
}

export function plainIndexing(p: ts.Program): string[] {
  const checker = p.getTypeChecker();
  const wide = (t: ts.Type): boolean => t.isUnion()
    ? t.types.some(wide)
    : (t.flags & (ts.TypeFlags.String | ts.TypeFlags.Any | ts.TypeFlags.TemplateLiteral)) !== 0;
  const branded = (t: ts.Type): boolean => t.getProperties().some(s => String(s.escapedName).includes('OWN_KEYS'));
  const record = (t: ts.Type): boolean => {
    if (t.isUnion()) return t.types.some(record);
    if (t.flags & ts.TypeFlags.Any) return true;
    if (checker.isArrayType(t) || checker.isTupleType(t) || (t.flags & ts.TypeFlags.StringLike) || branded(t)) return false;
    return checker.getIndexInfoOfType(t, ts.IndexKind.String) !== undefined;
  };
  const guarded = (n: ts.Node): boolean => {
    let s: ts.Node = n;
    while (s.parent && !ts.isStatement(s)) s = s.parent;
    return s.getText().includes('hasOwnProperty.call(');
  };
  const found: string[] = [];
  for (const sf of p.getSourceFiles()) {
    const file = relative(ROOT, sf.fileName).split('\\').join('/');
    if (!/^(client|shared)\/src\//.test(file) || file === 'shared/src/records.ts') continue;
    const visit = (n: ts.Node): void => {
      let bad = false;
      if (ts.isElementAccessExpression(n)) {
        bad = wide(checker.getTypeAtLocation(n.argumentExpression)) && record(checker.getTypeAtLocation(n.expression)) && !guarded(n);
      } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.InKeyword) {
        bad = wide(checker.getTypeAtLocation(n.left)) && !branded(checker.getTypeAtLocation(n.right));
      } else if (ts.isCallExpression(n) && n.expression.getText() === 'Object.assign' && n.arguments[0]) {
        const target = n.arguments[0];
        bad = ts.isObjectLiteralExpression(target) || (!branded(checker.getTypeAtLocation(target)) && record(checker.getTypeAtLocation(target)));
      }
      if (bad) {
        const id = `${file}: ${n.getText().replace(/\s+/g, ' ')}`;
        if (!(id in ALLOWED)) found.push(`${id} (line ${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1})`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

describe('no plain-object indexing by user-supplied names (client/, shared/)', function () {
  this.timeout(120_000);

  it('finds none outside null-prototype records, Maps and guarded lookups', () => {
    assert.deepEqual(plainIndexing(program()), []);
  });

  it('the guard is precise: it flags each pattern and passes the safe forms', () => {
    const source = `
      import { nullRecord, ownValue } from '../../shared/src/records';
      declare const name: string;
      const plain: Record<string, string> = {};
      const own = nullRecord<string>();
      plain[name] = 'x';                                    // flagged
      const a = name in plain;                              // flagged
      Object.assign({}, plain);                             // flagged
      own[name] = 'x';
      const b = ownValue(plain, name);
      const c = Object.prototype.hasOwnProperty.call(plain, name) ? plain[name] : undefined;
      const d = plain['literal'];
      export { a, b, c, d };
    `;
    const host = ts.createCompilerHost({ strict: true });
    const base = host.getSourceFile.bind(host);
    const probe = join(ROOT, 'client/src/__probe__.ts');
    host.getSourceFile = (f, v) => (f === probe ? ts.createSourceFile(f, source, v) : base(f, v));
    const found = plainIndexing(ts.createProgram([probe], { strict: true, skipLibCheck: true, types: [] }, host));
    assert.deepEqual(found.map(f => f.replace(/ \(line \d+\)$/, '')), [
      "client/src/__probe__.ts: plain[name]",
      "client/src/__probe__.ts: name in plain",
      "client/src/__probe__.ts: Object.assign({}, plain)",
    ]);
  });
});
