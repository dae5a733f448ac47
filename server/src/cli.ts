// mlrun-secrets-lint (dist/cli.js). Placeholder until the language-server work fills it in.
console.error('mlrun-secrets-lint: not implemented yet');
process.exit(2);
