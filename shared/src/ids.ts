/**
 * Every command id and context key of the extension, typed, for the code (registrations, `executeCommand`,
 * `setContext`, tree items, server code actions) and checked against the manifest: a unit test compares
 * package.json's commands and `when` clauses with these tables, and an extension-host test compares them with the
 * commands VS Code has registered.
 */
import { Commands as ProtocolCommands } from './protocol';

/** `mlrunSecrets.<verb><Object>`, the naming of every command in the README's Commands table, by verb. */
export const Commands = {
  restartServer: 'mlrunSecrets.restartServer',
  showOutput: 'mlrunSecrets.showOutput',
  openWalkthrough: 'mlrunSecrets.openWalkthrough',
  scanWorkspace: ProtocolCommands.scanWorkspace,
  scanHistory: ProtocolCommands.scanHistory,
  storeLiterals: ProtocolCommands.storeLiterals,
  setSecret: 'mlrunSecrets.setSecret',
  importSecrets: 'mlrunSecrets.importSecrets',
  deleteSecret: 'mlrunSecrets.deleteSecret',
  copyKeyName: 'mlrunSecrets.copyKeyName',
  findUsages: 'mlrunSecrets.findUsages',
  insertGetSecret: 'mlrunSecrets.insertGetSecret',
  insertEnvFromSecret: 'mlrunSecrets.insertEnvFromSecret',
  insertMountSecret: 'mlrunSecrets.insertMountSecret',
  selectBackend: 'mlrunSecrets.selectBackend',
  selectContext: 'mlrunSecrets.selectContext',
  selectNamespace: 'mlrunSecrets.selectNamespace',
  selectEndpoint: 'mlrunSecrets.selectEndpoint',
  selectProject: 'mlrunSecrets.selectProject',
  signIn: 'mlrunSecrets.signIn',
  signOut: 'mlrunSecrets.signOut',
  refresh: 'mlrunSecrets.refresh',
  filterTree: 'mlrunSecrets.filterTree',
  clearFilter: 'mlrunSecrets.clearFilter',
  retry: 'mlrunSecrets.retry',
  loadMore: 'mlrunSecrets.loadMore',
  addVault: 'mlrunSecrets.addVault',
  removeVault: 'mlrunSecrets.removeVault',
  selectAzureCredential: 'mlrunSecrets.selectAzureCredential',
  recoverSecret: 'mlrunSecrets.recoverSecret',
  purgeSecret: 'mlrunSecrets.purgeSecret',
  runJob: ProtocolCommands.runJob,
  rerunJob: 'mlrunSecrets.rerunJob',
  cancelJob: 'mlrunSecrets.cancelJob',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Context keys the extension sets (`setContext`) for `when` clauses of the manifest. */
export const ContextKeys = {
  /** Activation finished (the view's "Loading…" welcome goes away). */
  activated: 'mlrunSecrets.activated',
  /** The tree has at least one backend (otherwise the welcome view shows). */
  hasBackend: 'mlrunSecrets.hasBackend',
  /** A key filter is active. */
  filtered: 'mlrunSecrets.filtered',
  jobRunning: 'mlrunSecrets.jobRunning',
  hasLastJob: 'mlrunSecrets.hasLastJob',
} as const;

export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

/** The view container (activity bar) and the tree view. */
export const Views = {
  container: 'mlrunSecrets',
  secrets: 'mlrunSecrets.secrets',
} as const;
