/** Texts that follow the job pods' MLRun version (write hints and warnings), and the namespace question. */
import assert from 'node:assert/strict';
import { keyHint, planWarnings } from '../../../client/src/commands/support/writePlan';
import { CONFIRMED_NAMESPACES_KEY, namespaceConfirmer, OTHER_NAMESPACE, useNamespaceButton } from '../../../client/src/namespaceConfirmation';
import type { Host } from '../../../client/src/ui/host';
import { own } from '../../util/own';

describe('texts that follow the MLRun version of job pods', () => {
  it('case collisions only where keys are upper-cased (1.7, or an unknown version, said so)', () => {
    assert.match(keyHint('kubernetes', 'db_password', ['DB_PASSWORD'], 'prefixed')!.message, /^Differs only in case from "DB_PASSWORD": in job pods both become MLRUN_K8S_SECRET__DB_PASSWORD\.$/);
    assert.match(keyHint('kubernetes', 'db_password', ['DB_PASSWORD'], 'both')!.message, /in job pods both become MLRUN_K8S_SECRET__DB_PASSWORD under MLRun 1\.7 and earlier \(the job pods' MLRun version is unknown; 1\.8\+ keeps them apart\)/);
    assert.equal(keyHint('kubernetes', 'db_password', ['DB_PASSWORD'], 'plain'), undefined);
    const plan = { overwrites: [], mlrunOwned: [], collisions: [{ key: 'a', with: ['A'] }] };
    assert.equal(planWarnings(plan, 'project "demo"', 'plain').length, 0);
    assert.equal(planWarnings(plan, 'project "demo"', 'prefixed').length, 1);
  });

  it('from 1.8 on, warns when a key would replace a pod variable (while typing and in the confirmation)', () => {
    assert.match(keyHint('mlrunApi', 'PATH', [], 'plain')!.message, /as the variable "PATH", replacing the pod's own PATH/);
    assert.match(keyHint('local', 'MLRUN_DBPATH', [], 'both')!.message, /^If the job pods run MLRun 1\.8 or later, .*reconfigure MLRun in the pod/);
    assert.equal(keyHint('kubernetes', 'PATH', [], 'prefixed'), undefined);
    const w = planWarnings({ overwrites: [], mlrunOwned: [], collisions: [] }, 'project "demo"', 'plain', ['OK_KEY', '2FA_CODE']);
    assert.deepEqual(w.length, 1);
    assert.match(w[0]!, /"2FA_CODE", and a variable name cannot start with a digit/);
  });
});

describe('the namespace question (remembered per context in globalState)', () => {
  function memento() {
    const data = new Map<string, unknown>();
    return { data, get: <T>(k: string) => data.get(k) as T, update: async (k: string, v: unknown) => void data.set(k, v), keys: () => [...data.keys()] };
  }
  function host(answers: (string | undefined)[]): Host & { shown: { message: string; detail?: string; items: string[] }[] } {
    const shown: { message: string; detail?: string; items: string[] }[] = [];
    return {
      shown,
      showWarningMessage: async (message: string, options: { detail?: string }, ...items: string[]) => {
        shown.push({ message, detail: options.detail, items });
        return answers.shift();
      },
      showInputBox: async (o: { validateInput?: (v: string) => unknown }) => {
        const v = answers.shift();
        assert.equal(o.validateInput?.('Bad_NS') !== undefined, true, 'validates namespace names');
        return v;
      },
    } as unknown as Host & { shown: typeof shown };
  }
  const question = { context: 'prod', server: 'https://k8s.example', proposed: 'team-a', proposedFrom: 'context' as const, why: 'no MLRun API endpoint is configured' };

  it('shows the namespace and why, remembers the answer per server and context', async () => {
    const m = memento();
    const h = host([useNamespaceButton('team-a')]);
    const c = namespaceConfirmer(m as never, () => h);
    assert.equal(await c.ask(question), 'team-a');
    assert.equal(h.shown[0]!.message, 'Write project Secrets to namespace "team-a"?');
    assert.match(h.shown[0]!.detail!, /cannot tell which one that is: no MLRun API endpoint is configured\. "team-a" is the namespace of context "prod"\./);
    assert.deepEqual(h.shown[0]!.items, ['Use "team-a"', OTHER_NAMESPACE]);
    assert.equal(c.remembered('prod', 'https://k8s.example'), 'team-a');
    assert.equal(c.remembered('prod', 'https://other.example'), undefined);
    assert.deepEqual(m.data.get(CONFIRMED_NAMESPACES_KEY), own({ 'https://k8s.example#prod': 'team-a' }));
  });

  it('"Other Namespace…" asks for a valid name; cancelling remembers nothing', async () => {
    const m = memento();
    const h = host([OTHER_NAMESPACE, ' mlrun ']);
    const c = namespaceConfirmer(m as never, () => h);
    assert.equal(await c.ask(question), 'mlrun');
    const m2 = memento();
    const h2 = host([undefined]);
    assert.equal(await namespaceConfirmer(m2 as never, () => h2).ask(question), undefined);
    assert.equal(m2.data.size, 0);
  });
});
