// The API doubles the end-to-end suites talk to (Kubernetes, MLRun API, Azure Key Vault + token endpoint), all on
// loopback. Each later feature adds its double here; the harness passes their addresses to code-server as machine
// settings (what a user would configure), to the suites as config, and to the extension host as env.
export async function startDoubles(_root) {
  const stops = [];
  return {
    machineSettings: {},
    config: {},
    env: {},
    async stop() {
      for (const s of stops.reverse()) await s();
    },
  };
}
