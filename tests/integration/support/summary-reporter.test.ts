import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// Runs the real vitest CLI as a child process over a throwaway folder with the summary reporter, and reads
// the closing line it prints. The test files use vitest's globals, so nothing in the folder imports a package.
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const vitestCli = path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
const reporter = path.join(repoRoot, 'tests', 'support', 'summary-reporter.ts');

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function runVitestOver(files: Record<string, string>): Promise<{ code: number | null; closingLine: string | undefined }> {
  const root = await mkdtemp(path.join(tmpdir(), 'gridhost-summary-'));
  folders.push(root);
  await writeFile(
    path.join(root, 'vitest.config.mjs'),
    `export default { test: { globals: true, include: ['*.test.js'], reporters: [${JSON.stringify(reporter)}] } };\n`,
  );
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  // The outer run's worker variables would make the inner vitest think it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  return new Promise((resolve) => {
    execFile(process.execPath, [vitestCli, 'run', '--root', root], { cwd: root, env, timeout: 60_000 }, (error, stdout) => {
      const closingLine = stdout.split('\n').find((line) => line.startsWith('vitest: '));
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, closingLine });
    });
  });
}

const passing = "test('adds', () => { expect(1 + 1).toBe(2); });\n";

describe('summary reporter', () => {
  it('counts a test file that throws on import as a failure', async () => {
    const run = await runVitestOver({
      'passing.test.js': passing,
      'broken.test.js': "throw new Error('broken on import');\ntest('never collected', () => {});\n",
    });
    expect(run.closingLine).toBe('vitest: 1 passed, 1 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  it('counts an unhandled error as a failure even when every test passed', async () => {
    const run = await runVitestOver({
      'passing.test.js': passing,
      'leaky.test.js':
        "test('leaves a timer that throws', async () => {\n" +
        "  setTimeout(() => { throw new Error('thrown after the test'); }, 0);\n" +
        '  await new Promise((r) => setTimeout(r, 50));\n' +
        '});\n',
    });
    expect(run.closingLine).toBe('vitest: 2 passed, 1 failed, 0 skipped');
    expect(run.code).toBe(1);
  });

  it('says 0 failed when everything passed', async () => {
    const run = await runVitestOver({ 'passing.test.js': passing });
    expect(run.closingLine).toBe('vitest: 1 passed, 0 failed, 0 skipped');
    expect(run.code).toBe(0);
  });
});
