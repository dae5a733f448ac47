/**
 * MLS008 datastore-profile-literal-credential: a datastore profile (`DatastoreProfileS3`, `DatastoreProfileRedis`,
 * `DatastoreProfilePostgreSQL`, `TDEngineDatastoreProfile`, …, as in mlrun/datastore/datastore_profile.py) given
 * a credential as a string literal: one of the profiles' private fields that holds a secret (`password`,
 * `secret_key`, `access_key_id`, `token`, `v3io_access_key`, `sasl_pass`, `gcp_credentials`, `connection_string`,
 * `account_key`, `client_secret`, `sas_token`, `credential`, `private`), any other secret-named field, or a
 * secret-named key of a private dict (`private=`, `kwargs_private=`, `gcp_credentials=`). Empty values, `${...}`
 * references and placeholders are not findings; paths (`credentials_path=`) and user names are not credentials.
 */
import { isSecretName, secretValueKind } from '../../../../shared/src/secretNames';
import { RULES } from '../../../../shared/src/rules';
import { finding, type Finding, type Fix } from '../findings';
import { strValue } from '../python/calls';
import type { CallFact, Val } from '../python/facts';
import type { RuleContext } from './context';
import { quoteOf, readFromSecretFix, secretKeyFrom } from './fixText';

/** Private fields of MLRun's profiles that hold a credential (user names and paths are private but not secret). */
export const PROFILE_CREDENTIALS: ReadonlySet<string> = new Set([
  'password', 'secret_key', 'access_key_id', 'token', 'v3io_access_key', 'sasl_pass', 'gcp_credentials',
  'connection_string', 'account_key', 'client_secret', 'sas_token', 'credential', 'private',
]);
/** Fields that hold a dict of private values. */
const PRIVATE_DICTS: ReadonlySet<string> = new Set(['private', 'kwargs_private', 'gcp_credentials']);
const NOT_CREDENTIALS: ReadonlySet<string> = new Set(['credentials_path', 'name', 'user', 'username', 'sasl_user', 'endpoint_url', 'host']);

function isLiteral(v: Val, name: string): v is Extract<Val, { k: 'str' }> {
  return v.k === 'str' && secretValueKind(v.v, name) === 'literal';
}

export function mls008(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  ctx.modules.forEach((m, module) => {
    for (const call of m.calls) {
      if (call.name !== 'profile') continue;
      const profileName = strValue(call.keywords.find(k => k.name === 'name')?.val);
      for (const kw of call.keywords) {
        if (NOT_CREDENTIALS.has(kw.name)) continue;
        const v = kw.val;
        if (v.k === 'dict' && PRIVATE_DICTS.has(kw.name)) {
          for (const en of v.entries) {
            if (en.key.k !== 'str' || !isSecretName(en.key.v) || !isLiteral(en.value, en.key.v)) continue;
            out.push(report(call, module, en.value, `${kw.name}["${en.key.v}"]`, undefined));
          }
          continue;
        }
        if (!(PROFILE_CREDENTIALS.has(kw.name) || isSecretName(kw.name)) || !isLiteral(v, kw.name)) continue;
        const key = secretKeyFrom(profileName ?? call.profile?.replace(/DatastoreProfile|Profile/g, ''), kw.name);
        const fix = key && !call.via ? readFromSecretFix(m.text, { s: v.s, e: v.e }, key, quoteOf(m.text, call)) : undefined;
        out.push(report(call, module, v, kw.name, fix));
      }
    }
  });
  return out;
}

function report(call: CallFact, module: number, v: Extract<Val, { k: 'str' }>, field: string, fix: Fix | undefined): Finding {
  const where = v.from ? ` in the code of ${v.from}` : '';
  return finding('MLS008', RULES.MLS008.defaultSeverity, module, { s: v.s, e: v.e },
    `The ${field} of this ${call.profile ?? 'datastore profile'} is a literal${where}: anyone with the code has the credential (registering the profile stores it as a project secret, but the literal stays in your code). ${RULES.MLS008.fix}`,
    { related: [{ module, span: call.id, message: `The credential is given to ${call.profile ?? 'the profile'} here.` }], fixes: fix ? [fix] : [] });
}
