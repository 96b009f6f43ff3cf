import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries of docs/architecture.md ("Processes and where code runs") are ESLint rules. These
 * tests lint small snippets as if they were files of each folder, so a rule that is loosened, renamed or
 * scoped to the wrong files fails here instead of silently letting the machine into the core.
 */
const root = join(__dirname, '..', '..', '..');
const BOUNDARY_RULES = new Set([
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-syntax',
  'no-restricted-globals',
  'no-restricted-properties',
  '@typescript-eslint/no-require-imports',
]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.mjs') });
});

/** The boundary rules that fire for `code` in a file at `path` (relative to the repository). */
async function boundaryReports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
  return result!.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.ruleId!);
}

const importOf = (specifier: string) => `import * as m from '${specifier}';\nexport { m };\n`;

describe('src/main/core cannot touch the machine', () => {
  const file = 'src/main/core/example/probe.ts';
  const forbidden = [
    'node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:os', 'os', 'node:child_process', 'child_process',
    'node:http', 'node:https', 'node:http2', 'http', 'https', 'node:net', 'net', 'ws', 'dockerode',
    'better-sqlite3', 'systeminformation', 'electron', '../../adapters/fs/json-file-store',
  ];

  it.each(forbidden)('reports an import of %s', async (specifier) => {
    expect(await boundaryReports(file, importOf(specifier))).not.toEqual([]);
  });

  it.each([
    ['a type-only import', "import type { Stats } from 'node:fs';\nexport type S = Stats;\n"],
    ['an import type', "export type S = import('node:fs').Stats;\n"],
    ['a dynamic import', "export const load = () => import('node:os');\n"],
    ['a require', "export const os = require('node:os');\n"],
    ['the global fetch', "export const get = () => fetch('http://127.0.0.1');\n"],
    ['globalThis.fetch', "export const get = () => globalThis.fetch('http://127.0.0.1');\n"],
  ])('reports %s', async (_label, code) => {
    expect(await boundaryReports(file, code)).not.toEqual([]);
  });

  it.each(['node:path', 'node:crypto', 'node:stream', 'zod', '../ports', '../../../shared/settings', 'os-name-like'])(
    'allows an import of %s',
    async (specifier) => {
      expect(await boundaryReports(file, importOf(specifier))).toEqual([]);
    },
  );

  it('allows a port that is shaped like fetch', async () => {
    const code = "import type { HttpFetch } from '../grid/ports';\nexport const get = (http: HttpFetch) => http('u', { method: 'GET', headers: {}, signal: AbortSignal.timeout(1) });\n";
    expect(await boundaryReports(file, code)).toEqual([]);
  });
});

describe('src/renderer imports no Node module', () => {
  const file = 'src/renderer/src/example/probe.ts';

  it.each(['node:fs', 'fs', 'node:os', 'path', 'electron', 'dockerode', '../../../main/core/host', '../../../preload/index'])(
    'reports an import of %s',
    async (specifier) => {
      expect(await boundaryReports(file, importOf(specifier))).not.toEqual([]);
    },
  );

  it.each(['react', 'zustand', '../../../shared/settings', './sibling'])('allows an import of %s', async (specifier) => {
    expect(await boundaryReports(file, importOf(specifier))).toEqual([]);
  });
});

describe('src/preload imports only electron and src/shared', () => {
  const file = 'src/preload/probe.ts';

  it.each(['node:fs', 'fs', 'path', 'node:path', 'zod', 'react', 'electron/main', '../main/core/host', '../renderer/src/App'])(
    'reports an import of %s',
    async (specifier) => {
      expect(await boundaryReports(file, importOf(specifier))).not.toEqual([]);
    },
  );

  it.each(['electron', '../shared/api-surface', '../shared/wire', './sibling'])('allows an import of %s', async (specifier) => {
    expect(await boundaryReports(file, importOf(specifier))).toEqual([]);
  });
});
