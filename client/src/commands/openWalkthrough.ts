import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { CommandFactory } from './command';

export const WALKTHROUGH_ID = 'mlrun-secrets.mlrun-secrets#mlrunSecrets.gettingStarted';

export const openWalkthrough: CommandFactory = () => ({
  id: Commands.openWalkthrough,
  title: 'Get Started',
  async run() {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  },
});
