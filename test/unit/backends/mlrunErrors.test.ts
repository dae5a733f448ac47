import assert from 'node:assert/strict';
import { asciiJson } from '../../../client/src/backends/mlrunApi/client';
import { parseDetail, parseExceptionRepr, statusFailure } from '../../../client/src/backends/mlrunApi/errors';
import { exceptionRepr, pyRepr } from '../../doubles/mlrun/errors';

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const ctx = { endpoint: 'https://mlrun.example', action: 'storing key "K" in project "p"', project: 'p' };

describe('MLRun error bodies', () => {
  it('Python repr as CPython writes it (the double) and as the client reads it back', () => {
    assert.equal(pyRepr("it's"), '"it\'s"');
    assert.equal(pyRepr('say "hi"'), "'say \"hi\"'");
    assert.equal(pyRepr('both \' and "'), "'both \\' and \"'");
    assert.equal(pyRepr('tab\tnl\nnul\u0000del\u007f'), "'tab\\tnl\\nnul\\x00del\\x7f'");
    assert.equal(pyRepr('ünï ✓ \u200b \u{1F600}'), "'ünï ✓ \\u200b \u{1F600}'");
    for (const msg of ["Field 'secret.key' is malformed. 'a\"b' does not match", 'back\\slash', 'plain', 'multi\nline']) {
      assert.deepEqual(parseExceptionRepr(exceptionRepr('MLRunBadRequestError', msg)), { errorClass: 'MLRunBadRequestError', message: msg });
    }
    assert.deepEqual(parseExceptionRepr('ApiException()'), { errorClass: 'ApiException' });
    assert.deepEqual(parseExceptionRepr('just text'), { message: 'just text' });
  });

  it('detail shapes: repr string, {"reason"}, FastAPI list (ctx ignored), HTML', () => {
    assert.deepEqual(parseDetail(json({ detail: "MLRunNotFoundError('Project not found: name=p, project_id=None')" }), 'application/json'), { errorClass: 'MLRunNotFoundError', message: 'Project not found: name=p, project_id=None' });
    assert.deepEqual(parseDetail(json({ detail: { reason: 'bad JSON body' } }), 'application/json'), { message: 'bad JSON body' });
    assert.deepEqual(parseDetail(json({ detail: [{ loc: ['body', 'secrets'], msg: 'value is not a valid dict', ctx: { doc: 'x' } }, { loc: ['query', 'provider'], msg: 'bad' }] }), 'application/json'), { message: 'secrets: value is not a valid dict; query.provider: bad' });
    assert.deepEqual(parseDetail(Buffer.from('<html>502</html>'), 'text/html'), {});
  });

  it('statuses to kinds and sentences; transient for 409/429/5xx; Retry-After kept', () => {
    const f = statusFailure(429, Buffer.alloc(0), { 'retry-after': '3' }, ctx);
    assert.deepEqual(f, { failure: { kind: 'rateLimited', message: 'The MLRun API is rate-limiting requests (429) while storing key "K" in project "p"; try again later.', status: 429 }, transient: true, retryAfterSeconds: 3 });
    assert.equal(statusFailure(409, json({ detail: "MLRunConflictError('busy')" }), {}, ctx).failure.kind, 'conflict');
    assert.equal(statusFailure(404, json({ detail: "MLRunNotFoundError('Project not found: name=p, project_id=None')" }), { 'content-type': 'application/json' }, ctx).failure.message, 'Project "p" does not exist on the MLRun API at https://mlrun.example.');
    for (const s of [400, 401, 403, 404, 422]) assert.equal(statusFailure(s, Buffer.alloc(0), {}, ctx).transient, false);
  });

  it('server text is redacted of the values the request carried', () => {
    const f = statusFailure(500, json({ detail: "MLRunInternalServerError('failed on s3cr3t-value')" }), { 'content-type': 'application/json' }, { ...ctx, values: ['s3cr3t-value'] });
    assert.equal(f.failure.message, 'The MLRun API failed (500) while storing key "K" in project "p": MLRunInternalServerError: failed on [value hidden].');
  });
});

describe('request bodies as MLRun\'s client writes them', () => {
  it('JSON with non-ASCII escaped (json.dumps ensure_ascii=True), decoding to the same strings', () => {
    const body = { provider: 'kubernetes', secrets: { K: 'päss ✓ \u{1F600} "q" \\ \n' } };
    const text = asciiJson(body);
    assert.equal(text, '{"provider":"kubernetes","secrets":{"K":"p\\u00e4ss \\u2713 \\ud83d\\ude00 \\"q\\" \\\\ \\n"}}');
    assert.match(text, /^[\x20-\x7e]*$/);
    assert.deepEqual(JSON.parse(text), body);
  });
});
