/**
 * Set Secret…: project (or the node it ran on) → key, validated while typing (with warnings for an existing key, a
 * case collision or an MLRun-owned key) → value in a masked box → a confirmation before overwriting → the write,
 * behind a cancellable progress. The value goes only to the backend; no message, log or node ever shows it.
 * On a key node (or a Missing key), the key is preset (changing an existing secret's value). The argument shapes (a tree node, or
 * Run Job's `{ backend, project, key?, vault? }`) are in support/setSecretArgs.ts.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { validateSecretValue } from '../../../shared/src/mlrun';
import type { Ctx } from '../ctx';
import { KeyNode } from '../tree/keyNode';
import { MissingKeyNode } from '../tree/missingKeyNode';
import { REACHES_STORE, type CommandFactory } from './command';
import { podNamingWithin } from '../podNaming';
import { confirmWrite } from './support/confirmWrite';
import { showFailure } from './support/messages';
import { withProgress } from './support/progress';
import { setSecretInput } from './support/setSecretArgs';
import { readTargetKeys, resolveTarget, scopeOf, setTargetSecrets, type Target } from './support/target';
import { keyHint } from './support/writePlan';

const RECOVER = 'Recover Deleted Secret';

export const setSecret: CommandFactory = ctx => ({
  id: Commands.setSecret,
  title: 'Set Secret…',
  restricted: REACHES_STORE,
  async run(arg?: unknown) {
    const scope = scopeOf(arg);
    const input = setSecretInput(arg, arg instanceof KeyNode || arg instanceof MissingKeyNode ? { scope: arg.scope, key: arg.name } : scope ? { scope } : undefined);
    const target = await resolveTarget(ctx, input.from === 'palette' ? undefined : { scope: input.scope }, { title: 'Set Secret', newProject: true });
    if (!target) return undefined;
    const listed = await readTargetKeys(ctx, target);
    if (!listed) return undefined;
    const existing = listed.map(k => k.name);
    const naming = (await podNamingWithin(ctx, 3000)).naming;
    const key = (input.from !== 'palette' ? input.key : undefined) ?? await ctx.host.showInputBox({
      title: `Set Secret (1/2): key in ${target.where}`,
      prompt: target.kind === 'azure' ? 'Secret name (letters, digits and "-")' : 'Key (letters, digits, "-", "_" and ".")',
      placeHolder: target.kind === 'azure' ? 'DB-PASSWORD' : 'DB_PASSWORD',
      ignoreFocusOut: true,
      validateInput: value => {
        const hint = keyHint(target.kind, value, existing, naming);
        if (!hint) return undefined;
        return { message: hint.message, severity: hint.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning };
      },
    });
    if (key === undefined) return undefined;
    const value = await ctx.host.showInputBox({
      title: `Set Secret (2/2): value of "${key}"`,
      prompt: `The value is hidden while you type and is sent only to the ${target.kind === 'local' ? 'local store' : 'store'}; it is never shown again.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: v => validateSecretValue(v),
    });
    if (value === undefined) return undefined;
    if (!(await confirmWrite(ctx, target, [key], 'Overwrite'))) return undefined;
    return write(ctx, target, key, value);
  },
});

async function write(ctx: Ctx, target: Target, key: string, value: string): Promise<string | undefined> {
  const r = await withProgress(ctx, `Setting "${key}" in ${target.where}…`, signal => setTargetSecrets(target, new Map([[key, value]]), signal));
  if (!r.ok) {
    const recoverable = target.scope && r.error.code === 'ObjectIsDeletedButRecoverable';
    const action = await showFailure(ctx, `Could not set "${key}" in ${target.where}`, r.error, ...(recoverable ? [RECOVER] : []));
    if (action === RECOVER && target.scope) {
      const recovered = await withProgress(ctx, `Recovering "${key}" in ${target.where}…`, signal => target.scope!.recoverSecrets([key], signal));
      if (!recovered.ok || recovered.value.done.length === 0) {
        const why = recovered.ok ? { kind: 'conflict' as const, message: recovered.value.notDone[0]?.reason ?? 'it could not be recovered.' } : recovered.error;
        await showFailure(ctx, `Could not recover "${key}" in ${target.where}`, why);
        return undefined;
      }
      return write(ctx, target, key, value);
    }
    return undefined;
  }
  ctx.log.info(`set key ${key} in ${target.where}`);
  void ctx.host.showInformationMessage(`MLRun Secrets: Set "${key}" in ${target.where}.`);
  return key;
}
