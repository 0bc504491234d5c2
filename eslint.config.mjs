import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'
import tseslint from 'typescript-eslint'

const PURE = ['lib/auth/**', 'lib/tokens/**', 'lib/rules/**']

export default tseslint.config(
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', '.reference/**', 'tests/conformance/workspaces/**', 'public/**', 'lib/workspace/demo/files/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // The engine and token code run in the browser and on the server alike.
    files: PURE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/auth, lib/tokens and lib/rules stay free of React.' },
            { group: ['next', 'next/*'], message: 'lib/auth, lib/tokens and lib/rules stay free of Next.js.' },
            { group: ['node:*'], message: 'lib/auth, lib/tokens and lib/rules run in the browser too: no Node built-ins.' },
            { group: ['ws'], message: 'lib/auth, lib/tokens and lib/rules do no I/O.' },
          ],
          paths: ['fs', 'path', 'crypto', 'http', 'https', 'net', 'os', 'child_process', 'worker_threads', 'stream', 'url', 'util', 'buffer', 'events'].map((name) => ({
            name,
            message: 'lib/auth, lib/tokens and lib/rules run in the browser too: no Node built-ins.',
          })),
        },
      ],
    },
  },
)
