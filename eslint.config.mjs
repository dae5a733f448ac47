// ESLint flat config: typescript-eslint's recommended rules plus the import boundaries of
// the README's Architecture section (who may import whom), so a wrong import fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'This layer must not depend on the VS Code API.' };

// The heavy SDKs live in their own lazily loaded bundles (client/src/backends/load.ts): a value import anywhere else
// would pull them into dist/extension.js (or the server) and load them at activation. `import type` is fine.
const kubernetesSdk = {
  group: ['@kubernetes/client-node', '@kubernetes/client-node/*'],
  allowTypeImports: true,
  message: 'Only client/src/backends/kubernetes/ may import the Kubernetes SDK (it is loaded lazily through backends/load.ts).',
};
const azureSdk = {
  group: ['@azure/*'],
  allowTypeImports: true,
  message: 'Only client/src/backends/azure/ may import the Azure SDKs (they are loaded lazily through backends/load.ts).',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'demo/**', 'test-results/**', '**/*.d.ts', 'test/**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'writable', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', fetch: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-namespace': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      'no-console': 'off',
      'eqeqeq': ['error', 'smart'],
      // New in ESLint 10's recommended set: dead initial values, an error rethrown without `cause`.
      'no-useless-assignment': 'error',
      'preserve-caught-error': 'error',
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='exec'][callee.object.name='child_process']",
        message: 'Spawn processes with argument arrays (execFile/spawn), never shell strings.',
      }],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['**/client/**', '**/server/**', '**/test/**'], message: 'shared/ imports nothing of ours.' }],
      }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['**/client/**', '**/test/**'], message: 'The server talks to the client only through shared/src/protocol.ts.' }],
      }],
    },
  },
  {
    files: ['server/src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode, { name: 'vscode-languageserver', message: 'The analyzer is pure: no LSP.' },
          { name: 'vscode-languageserver/node', message: 'The analyzer is pure: no LSP.' }],
        patterns: [{ group: ['**/client/**', '**/test/**', '../*.ts', '../server', '../cli', '../features/**'], message: 'The analyzer imports only shared/ and its parser.' }],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/server/**', '**/test/**'], message: 'The client never imports the server (use shared/src/protocol.ts) or tests.' }],
      }],
    },
  },
  {
    files: ['client/src/backends/**/*.ts', 'client/src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['**/server/**', '**/test/**', '**/commands/**', '**/tree/**'], message: 'Backends and job runners know no UI: return typed results.' }],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts', 'server/src/**/*.ts', 'shared/src/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [kubernetesSdk, azureSdk] }] },
  },
  {
    files: ['client/src/backends/kubernetes/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [azureSdk] }] },
  },
  {
    files: ['client/src/backends/azure/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [kubernetesSdk] }] },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.mjs', 'test/**/*.mjs', 'test/**/*.js', '*.mjs'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
