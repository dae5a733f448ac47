import assert from 'node:assert/strict';
import {
  buildFunctionObject, codeOrigin, encodeSourceCode, functionUri, storeFunctionPathName, universalNewlines,
} from '../../../client/src/jobs/functionObject';
import { functionNameForFile, handlerShortName, mlrunNormalizeName, newRunUid, nuclioNormalizeName, runName, validateRunName } from '../../../client/src/jobs/names';
import { buildRunObject, runLabels, runOwner, templateArtifactPath, validateOutputPath } from '../../../client/src/jobs/runObject';
import { azureVaultSource, remoteSecretSources, toSerial } from '../../../client/src/jobs/secretSources';
import type { JobRequest } from '../../../client/src/jobs/types';
import { own } from '../../util/own';

/** The two-line file of the §11.2 example (decoded from its functionSourceCode). */
const TRAINER = 'def train(context, lr: float = 0.1):\n    context.log_result("lr", lr)\n';

/** docs/mlrun-facts.md §11.2, as stored (entry_points left out: the extension runs with_doc=False). */
const SPEC_FUNCTION = {
  kind: 'job',
  metadata: { name: 'trainer', tag: '', project: 'demo', credentials: { access_key: '$generate' } },
  spec: {
    command: '', image: 'mlrun/mlrun', description: '', default_handler: 'train',
    disable_auto_mount: false, priority_class_name: '', preemption_mode: 'prevent',
    node_selector: {}, affinity: null, tolerations: null,
    state_thresholds: { pending_scheduled: '1h', pending_not_scheduled: '-1', image_pull_backoff: '1h', executing: '24h' },
    build: {
      functionSourceCode: 'ZGVmIHRyYWluKGNvbnRleHQsIGxyOiBmbG9hdCA9IDAuMSk6CiAgICBjb250ZXh0LmxvZ19yZXN1bHQoImxyIiwgbHIpCg==',
      code_origin: 'src/trainer.py', origin_filename: 'src/trainer.py',
    },
  },
  verbose: false,
};

/** docs/mlrun-facts.md §11.4 example submit body (placeholders as in the spec). */
const SPEC_SUBMIT = {
  task: {
    metadata: { uid: '09f0d9087e1a404dacdb0c924ff0a58e', name: 'trainer-train', project: 'demo', labels: { kind: 'job', owner: 'alice' }, iteration: 0 },
    spec: {
      function: 'demo/trainer@<hash_key from 11.3>', handler: 'train', parameters: { lr: 0.2 },
      output_path: '<project artifact_path, templated>', scrape_metrics: true,
      state_thresholds: { pending_scheduled: '1h', pending_not_scheduled: '-1', image_pull_backoff: '1h', executing: '24h' },
    },
    status: { state: 'created' },
  },
};

function trainer(extra: Partial<Parameters<typeof buildFunctionObject>[0]> = {}) {
  return buildFunctionObject({ name: 'trainer', project: 'demo', filename: 'src/trainer.py', handler: 'train', image: 'mlrun/mlrun', code: TRAINER, withCredentials: true, ...extra });
}

describe('function object (code_to_function, §11.2)', () => {
  it('matches the spec example field by field', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(trainer())), SPEC_FUNCTION);
  });

  it('has no credentials before a launcher ran (Kubernetes Jobs are not stored on a server)', () => {
    const fn = trainer({ withCredentials: false });
    assert.deepEqual(fn.metadata, { name: 'trainer', tag: '', project: 'demo' });
  });

  it('embeds the code with CRLF and lone CR normalised to LF (Python text mode), as padded standard base64 without breaks', () => {
    const crlf = TRAINER.replaceAll('\n', '\r\n');
    const cr = TRAINER.replaceAll('\n', '\r');
    assert.equal(encodeSourceCode(crlf), SPEC_FUNCTION.spec.build.functionSourceCode);
    assert.equal(encodeSourceCode(cr), SPEC_FUNCTION.spec.build.functionSourceCode);
    assert.equal(universalNewlines('a\r\r\nb\rc'), 'a\n\nb\nc');
    const big = encodeSourceCode('x = "ü€😀"\n'.repeat(200));
    assert.doesNotMatch(big, /\s/);
    assert.equal(Buffer.from(big, 'base64').toString('utf8'), 'x = "ü€😀"\n'.repeat(200));
  });

  it('records the git origin in code_origin as "<remote>#<sha>:<filename>", origin_filename unchanged', () => {
    const fn = trainer({ gitOrigin: 'https://example.invalid/r.git#0123456789abcdef0123456789abcdef01234567' });
    assert.equal(fn.spec.build.code_origin, 'https://example.invalid/r.git#0123456789abcdef0123456789abcdef01234567:src/trainer.py');
    assert.equal(fn.spec.build.origin_filename, 'src/trainer.py');
    assert.equal(codeOrigin('a.py', undefined), 'a.py');
  });

  it('stores under MLRun\'s normalised name and references {project}/{name}@{hash}, :tag, or plain', () => {
    const fn = trainer({ name: 'My_Fn' });
    assert.equal(storeFunctionPathName(fn), 'my-fn');
    assert.equal(functionUri(fn, 'abc'), 'demo/My_Fn@abc');
    assert.equal(functionUri(fn), 'demo/My_Fn');
    fn.metadata.tag = 'v1';
    assert.equal(functionUri(fn), 'demo/My_Fn:v1');
    assert.equal(functionUri(fn, 'abc'), 'demo/My_Fn@abc', 'the hash wins');
  });
});

describe('names (§11.2–§11.4)', () => {
  it('normalises like nuclio-jupyter (dots removed) and like MLRun (dots kept)', () => {
    assert.equal(nuclioNormalizeName('My Job_v1.2'), 'my-job-v12');
    assert.equal(mlrunNormalizeName('My  Job_v1.2'), 'my-job-v1.2');
    assert.equal(nuclioNormalizeName('a \t\u00a0b'), 'a-b', 'a whitespace run becomes one dash');
    assert.equal(functionNameForFile('src/data_prep.v2.py'), 'data-prepv2');
  });

  it('names runs "{function}-{handler}" with the handler part after the last #, :: or .', () => {
    assert.equal(runName('trainer', 'train'), 'trainer-train');
    assert.equal(handlerShortName('pkg.module.func'), 'func');
    assert.equal(handlerShortName('a#b::c.d'), 'd');
    assert.equal(runName('fn', 'Some_Handler'), 'fn-some-handler');
  });

  it('validates run names as Kubernetes label values (≤ 63, alphanumeric ends)', () => {
    assert.equal(validateRunName('trainer-train'), undefined);
    assert.match(validateRunName('x'.repeat(64))!, /at most 63/);
    assert.match(validateRunName('-bad')!, /start and end/);
  });

  it('makes uids like uuid4().hex', () => {
    assert.match(newRunUid(), /^[0-9a-f]{32}$/);
    assert.notEqual(newRunUid(), newRunUid());
  });
});

describe('run object (§11.4)', () => {
  it('matches the spec example submit body field by field', () => {
    const task = buildRunObject({
      uid: '09f0d9087e1a404dacdb0c924ff0a58e', name: 'trainer-train', project: 'demo', labels: runLabels('alice', {}),
      functionUri: 'demo/trainer@<hash_key from 11.3>', handler: 'train', parameters: { lr: 0.2 }, outputPath: '<project artifact_path, templated>',
    });
    assert.deepEqual(JSON.parse(JSON.stringify({ task })), SPEC_SUBMIT);
  });

  it('adds exactly the secret_sources of the spec for with_secrets("kubernetes", ["DB_PASSWORD"])', () => {
    const req: JobRequest = { file: '/w/src/trainer.py', folder: '/w', handler: 'train', project: 'demo', provider: { kind: 'kubernetes' }, keys: ['DB_PASSWORD'] };
    const task = buildRunObject({
      uid: '09f0d9087e1a404dacdb0c924ff0a58e', name: 'trainer-train', project: 'demo', labels: runLabels('alice', {}),
      functionUri: 'demo/trainer@<hash_key from 11.3>', handler: 'train', parameters: { lr: 0.2 }, outputPath: '<project artifact_path, templated>',
      secretSources: remoteSecretSources(req, 'mlrunApi'),
    });
    const expected = structuredClone(SPEC_SUBMIT.task) as Record<string, any>;
    expected.spec.secret_sources = [{ kind: 'inline', source: {} }, { kind: 'kubernetes', source: ['DB_PASSWORD'] }];
    assert.deepEqual(JSON.parse(JSON.stringify(task)), expected);
  });

  it('drops empty parameters and secret sources, as to_dict() does', () => {
    const task = buildRunObject({ uid: 'u', name: 'n', project: 'p', labels: {}, functionUri: 'p/n', handler: 'h', parameters: {}, outputPath: '/o', secretSources: [] });
    assert.deepEqual(Object.keys(task.spec), ['function', 'handler', 'output_path', 'scrape_metrics', 'state_thresholds']);
  });

  it('labels v3io_user, kind and owner like the launcher; the owner is V3IO_USERNAME, else the login', () => {
    assert.deepEqual(runLabels('alice', { V3IO_USERNAME: 'igz' }), { v3io_user: 'igz', kind: 'job', owner: 'alice' });
    assert.deepEqual(runLabels('alice', {}, false), { owner: 'alice' });
    assert.equal(runOwner({ V3IO_USERNAME: 'igz', USER: 'x' }), 'igz');
    assert.equal(runOwner({ LOGNAME: 'l', USER: 'u' }), 'l');
    assert.equal(runOwner({ USER: 'u' }), 'u');
  });

  it('templates the artifact path and refuses relative ones for kind job', () => {
    assert.equal(templateArtifactPath('s3://b/{{project}}/{{run.project}}/{{run.uid}}/{{run.user}}', 'U', 'p', 'me'), 's3://b/p/p/U/me');
    assert.equal(validateOutputPath('v3io:///x'), undefined);
    assert.equal(validateOutputPath('/abs'), undefined);
    assert.match(validateOutputPath('./artifacts')!, /neither a URL nor absolute/);
    assert.match(validateOutputPath('')!, /no artifact path/);
  });
});

describe('secret_sources (to_serial, §3.2–§3.3)', () => {
  const base = { file: '/w/a.py', folder: '/w', handler: 'h', project: 'p' };

  it('always puts the inline entry first, values by value and unset env variables as null', () => {
    assert.deepEqual(toSerial(undefined), [{ kind: 'inline', source: own({}) }]);
    assert.deepEqual(toSerial(new Map([['A', '1'], ['B', null]])), [{ kind: 'inline', source: own({ A: '1', B: null }) }]);
  });

  it('references kubernetes keys and Azure vaults; sends file/env/inline/local values inline to the MLRun API', () => {
    assert.deepEqual(remoteSecretSources({ ...base, provider: { kind: 'azure_vault', vault: 'kv1', k8sSecret: 'azure-creds' }, keys: ['db-pass'] }, 'mlrunApi'),
      [{ kind: 'inline', source: own({}) }, { kind: 'azure_vault', source: { name: 'kv1', k8s_secret: 'azure-creds', secrets: ['db-pass'] } }]);
    assert.deepEqual(azureVaultSource('kv1', undefined, []), { name: 'kv1', secrets: [] });
    for (const kind of ['local', 'inline', 'env'] as const) {
      const values = new Map<string, string | null>([['A', 'x'], ['E', null]]);
      assert.deepEqual(remoteSecretSources({ ...base, provider: { kind }, keys: ['A', 'E'] }, 'mlrunApi', values), [{ kind: 'inline', source: own({ A: 'x', E: null }) }]);
    }
  });

  it('in a Kubernetes Job, by-value providers list their keys as a kubernetes source (the values are pod env)', () => {
    const values = new Map<string, string | null>([['A', 'x']]);
    assert.deepEqual(remoteSecretSources({ ...base, provider: { kind: 'file', path: '/f' }, keys: ['A'] }, 'kubernetes', values),
      [{ kind: 'inline', source: own({}) }, { kind: 'kubernetes', source: ['A'] }]);
  });

  it('refuses to build a by-value source without resolved values', () => {
    assert.throws(() => remoteSecretSources({ ...base, provider: { kind: 'local' }, keys: ['A'] }, 'mlrunApi'), /not resolved/);
  });
});
