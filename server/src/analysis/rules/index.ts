/** Every Python rule, in id order. */
import type { Finding } from '../findings';
import type { RuleContext } from './context';
import { mls001 } from './mls001InsecureProvider';
import { mls002 } from './mls002SetSecretsInCode';
import { mls003 } from './mls003HardcodedSecret';
import { mls004 } from './mls004UnknownSecretKey';
import { mls005 } from './mls005LocalRun';
import { mls006 } from './mls006AzureVaultSource';
import { mls007 } from './mls007SecretsFileInRepo';

export const PYTHON_RULES: readonly ((ctx: RuleContext) => Finding[])[] = [mls001, mls002, mls003, mls004, mls005, mls006, mls007];

export function runPythonRules(ctx: RuleContext): Finding[] {
  return PYTHON_RULES.flatMap(rule => rule(ctx));
}
