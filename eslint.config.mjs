import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import gridhost from './tools/eslint/no-import-cycle.mjs';
import tseslint from 'typescript-eslint';

// Libraries that only adapters may import: the core and the shared contract stay plain, testable TypeScript.
const ADAPTER_ONLY = ['electron', 'dockerode', 'systeminformation'];
const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/**
 * What the core may not touch: the file system, the OS, processes, the network, and the libraries that wrap
 * them. Each is an adapter's job (src/main/adapters/<technology>/), reached through the domain's ports.
 * One regular expression so that `import`, `import type`, `import('…')` and `typeof import('…')` all match.
 */
const MACHINE_MODULES =
  /^(?:node:)?(?:fs|fs\/.*|os|child_process|http|https|http2|net)$|^(?:ws|dockerode|better-sqlite3|systeminformation|electron)(?:\/.*)?$/;
const MACHINE_MESSAGE = 'The core cannot touch the machine: put this behind a port, with an adapter in src/main/adapters/.';

const SYNC_CHILD_PROCESSES = {
  selector: "CallExpression[callee.name=/^(execSync|execFileSync|spawnSync)$/], CallExpression[callee.property.name=/^(execSync|execFileSync|spawnSync)$/]",
  message: 'Synchronous child processes block the main process; use the async form.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-restricted-syntax': ['error', SYNC_CHILD_PROCESSES],
    },
  },
  {
    // No import circle anywhere in src/, type-only imports included (tools/eslint/no-import-cycle.mjs).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { gridhost },
    rules: { 'gridhost/no-import-cycle': 'error' },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: MACHINE_MODULES.source, message: MACHINE_MESSAGE },
            { group: ['**/adapters/**', '**/electron/**'], message: 'The core reaches adapters only through ports.' },
            { group: ['**/tools/**'], message: 'tools/ is not shipped.', allowTypeImports: true },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        SYNC_CHILD_PROCESSES,
        // The escape hatches that no-restricted-imports does not see: `import('…')` and `typeof import('…')`.
        { selector: `ImportExpression[source.value=${MACHINE_MODULES}]`, message: MACHINE_MESSAGE },
        { selector: `TSImportType[source.value=${MACHINE_MODULES}]`, message: MACHINE_MESSAGE },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The core reaches the network through a port (e.g. HttpFetch in core/grid/ports.ts).' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'globalThis', property: 'fetch', message: 'The core reaches the network through a port.' },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ADAPTER_ONLY.map((name) => ({ name, message: `${name} belongs in src/main/adapters/, behind a port.`, allowTypeImports: false })),
          patterns: [
            { group: ['**/adapters/**', '**/electron/**'], message: 'The shared contract reaches no adapter.' },
            { group: ['**/tools/**'], message: 'tools/ is not shipped.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', ...NODE_BUILTINS], message: 'src/shared runs in the renderer too: no Node modules.' }] },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: ADAPTER_ONLY.map((name) => ({ name, message: 'The renderer talks to the host only through the api client.' })),
          patterns: [
            { group: ['node:*', ...NODE_BUILTINS], message: 'The renderer imports no Node module.' },
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer reaches the host only through the API contract.' },
          ],
        },
      ],
    },
  },
  {
    // The sandboxed preload bundles into one file: it imports Electron and the shared contract, nothing else.
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$)(?!\\./)(?!(?:\\.\\./)+shared/)',
              message: "The preload imports only 'electron' and src/shared (no Node module, no other package).",
            },
          ],
        },
      ],
    },
  },
  {
    // The `gridhost` and `npm start` launchers and the install scripts are plain CommonJS, run without a build step.
    files: ['bin/**/*.js', 'tools/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The reference grid ships only with the source: the app reaches it by a run-time path (src/main/cli/local-grid.ts),
    // never by an import the bundler would follow into out/main.
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/core/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/tools/**'], message: 'tools/ is not shipped; load it at run time.', allowTypeImports: true }] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
