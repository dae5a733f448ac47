/**
 * The VS Code version a UI suite runs against, with what the UI shows differently there. The harness passes the
 * target of test/e2e/harness/versions.mjs (the one place that lists per-version differences) as
 * MLRUN_SECRETS_E2E_TARGET.
 */
export interface UiTarget {
  id: string;
  vscode: string;
  ui: {
    /** Title of the editor tab that "Get Started" (the walkthrough) opens. */
    walkthroughTab: string;
  };
}

export function uiTarget(): UiTarget {
  const raw = process.env.MLRUN_SECRETS_E2E_TARGET;
  if (!raw) throw new Error('MLRUN_SECRETS_E2E_TARGET is not set: run the UI suites through `npm run test:e2e`');
  return JSON.parse(raw) as UiTarget;
}
