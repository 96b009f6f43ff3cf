import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import gridhost from '../../../../tools/eslint/no-import-cycle.mjs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-cycle-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function write(files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

/** The rule's messages for each file, linted as the project lints src/. */
async function cycles(...names: string[]): Promise<Record<string, string[]>> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { gridhost }, rules: { 'gridhost/no-import-cycle': 'error' } }],
  });
  const results = await eslint.lintFiles(names.map((n) => join(dir, n)));
  return Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => m.message)]));
}

describe('gridhost/no-import-cycle', () => {
  it('finds a circle of type-only imports through three files, and names the path', async () => {
    await write({
      'core/host.ts': "import type { HostDeps } from './host-deps';\nexport class HostCore { constructor(readonly deps: HostDeps) {} }\n",
      'core/host-deps.ts': "import type { GridServices } from './grid/grid-services';\nexport interface HostDeps { grid: GridServices }\n",
      'core/grid/grid-services.ts': "import type { HostCore } from '../host';\nexport class GridServices { core: HostCore | null = null }\n",
    });
    const found = await cycles('core/host.ts');
    expect(found['core/host.ts']).toEqual([
      expect.stringContaining('Import circle: core/host.ts -> core/host-deps.ts -> core/grid/grid-services.ts -> core/host.ts'),
    ]);
  });

  it('sees value imports, re-exports, import() and index files', async () => {
    await write({
      'a.ts': "export * from './b';\n",
      'b/index.ts': "export const later = () => import('../c');\n",
      'c.ts': "import { x } from './a';\nexport const y = x;\n",
    });
    const found = await cycles('a.ts', 'b/index.ts', 'c.ts');
    expect(found['a.ts']).toHaveLength(1);
    expect(found['b/index.ts']).toHaveLength(1);
    expect(found['c.ts']![0]).toContain('c.ts -> a.ts -> b/index.ts -> c.ts');
  });

  it('leaves a tree of imports (a diamond, packages) alone', async () => {
    await write({
      'top.ts': "import { l } from './left';\nimport { r } from './right';\nimport { z } from 'zod';\nexport const t = [l, r, z];\n",
      'left.ts': "import { base } from './base';\nexport const l = base;\n",
      'right.ts': "import type { Base } from './base';\nexport const r: Base | null = null;\n",
      'base.ts': 'export const base = 1;\nexport type Base = number;\n',
    });
    expect(await cycles('top.ts', 'left.ts', 'right.ts', 'base.ts')).toEqual({ 'top.ts': [], 'left.ts': [], 'right.ts': [], 'base.ts': [] });
  });
});
