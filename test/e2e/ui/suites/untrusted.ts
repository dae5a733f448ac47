/** The UI suite on an untrusted folder (workspace trust enabled): Restricted Mode. */
import type { UiStep } from '../step';
import { problemsStep } from './languageServer';

export const steps: UiStep[] = [
  {
    name: 'the view explains Restricted Mode instead of contacting a store',
    async run(wb) {
      await wb.activityIcon().click();
      await wb.sidebar().getByText('not available in Restricted Mode', { exact: false }).waitFor({ timeout: 60_000 });
      await wb.sidebar().getByRole('button', { name: 'Manage Workspace Trust' }).waitFor({ timeout: 10_000 });
    },
  },
  {
    name: 'a command that would contact a store is refused with its reason',
    async run(wb) {
      await wb.palette('>MLRun Secrets: Set Secret…', 'MLRun Secrets: Set Secret…');
      await wb.notification(/"Set Secret…" is disabled in Restricted Mode because it would contact a secret store/).waitFor({ timeout: 30_000 });
      await wb.notification(/disabled in Restricted Mode/).getByRole('button', { name: 'Manage Workspace Trust' }).waitFor({ timeout: 10_000 });
    },
  },
  problemsStep,
];
