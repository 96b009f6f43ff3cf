import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRefusedError, postCheckedJob } from '../../../tools/local-grid/job-acceptance';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { CPU_DEV_MARKET } from '../../../tools/local-grid/market-config';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { GRIDHOST_BIN, runGridhost } from '../../support/headless-process';

const CORPUS = join(__dirname, '../../fixtures/jobs');
const accepted = (f: string) => f.startsWith('real-') || f.startsWith('valid-');
const run = promisify(execFile);

/** Runs in batches so that a loaded machine is not asked for 50 processes at once. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

describe('the job corpus through `gridhost job validate` (the built CLI) and the grid\'s post-job', () => {
  let files: string[];
  let home: string;
  let dir: string;
  let grid: LocalGrid;
  let dbPath: string;
  const jobCount = () => snapshotDatabase(dbPath).jobs!.length;
  beforeAll(async () => {
    files = (await readdir(CORPUS)).filter((f) => f.endsWith('.json')).sort();
    home = await mkdtemp(join(tmpdir(), 'gridhost-validate-'));
    dir = await mkdtemp(join(tmpdir(), 'gridhost-post-job-'));
    dbPath = join(dir, 'grid.sqlite');
    // A real local grid (its markets seeded); the post-job command works on the same state file.
    grid = await startLocalGrid({ port: 0, dbPath, feeder: false });
  });
  afterAll(async () => {
    await grid?.close();
    await rm(home, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('has at least 40 definitions', () => {
    expect(GRIDHOST_BIN).toMatch(/gridhost\.js$/);
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it('job validate --json: each real one exits 0, each hostile one exits 1 with a problem at a JSON path', async () => {
    const outcomes = await inBatches(files, 4, async (file) => ({ file, ...(await runGridhost(home, ['job', 'validate', join(CORPUS, file), '--json'])) }));
    for (const { file, code, out, err } of outcomes) {
      expect({ file, code, err }).toEqual({ file, code: accepted(file) ? 0 : 1, err: '' });
      const report = JSON.parse(out) as { ok: boolean; problems: { path: string; code: string; message: string }[] };
      expect(report.ok).toBe(accepted(file));
      if (!accepted(file)) expect(report.problems.length, file).toBeGreaterThan(0);
    }
  }, 240_000);

  it('job validate says what is wrong for a person, and exits 2 for a file that is missing or not JSON', async () => {
    const refused = await runGridhost(home, ['job', 'validate', join(CORPUS, 'hostile-args-required-vram.json')]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('ops[0].args.required_vram');
    expect(refused.out).toContain('meta.system_resources.required_vram');
    const notJson = join(dir, 'not-json.json');
    await writeFile(notJson, '{"version": "0.1",');
    const bad = await runGridhost(home, ['job', 'validate', notJson]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('is not JSON');
    expect((await runGridhost(home, ['job', 'validate', join(dir, 'missing.json')])).code).toBe(2);
  }, 60_000);

  it('the grid\'s post-job check posts each real one and refuses each hostile one with its problems, posting nothing', async () => {
    for (const file of files) {
      const definition = JSON.parse(await readFile(join(CORPUS, file), 'utf8')) as unknown;
      const before = jobCount();
      const post = () => grid.transaction(() => postCheckedJob((input) => grid.coordinator.postJob(input), { market: CPU_DEV_MARKET, definition }));
      if (accepted(file)) {
        expect(post().id, file).toMatch(/^job-/);
        expect(jobCount()).toBe(before + 1);
      } else {
        let thrown: unknown;
        try {
          post();
        } catch (err) {
          thrown = err;
        }
        expect(thrown, file).toBeInstanceOf(JobRefusedError);
        expect((thrown as JobRefusedError).problems.length).toBeGreaterThan(0);
        expect(jobCount(), file).toBe(before);
      }
    }
  });

  it('npm run grid -- post-job --file: posts a real definition, refuses a hostile one with its problems (exit 1)', async () => {
    const before = jobCount();
    const grid = (args: string[]) => run('npx', ['tsx', 'tools/local-grid/main.ts', 'post-job', '--market', CPU_DEV_MARKET, '--db', dbPath, ...args]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
    const posted = await grid(['--file', join(CORPUS, 'real-depends-chain.json')]);
    expect(posted.code).toBe(0);
    expect(JSON.parse(posted.stdout)).toMatchObject({ job: { market: CPU_DEV_MARKET }, service: { path: expect.stringMatching(/^\/v1\/services\//), token: expect.any(String) } });
    const refused = await grid(['--file', join(CORPUS, 'hostile-cycle.json')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ops[0].execution.depends_on');
    expect(refused.stderr).toContain('cycle');
    expect(jobCount()).toBe(before + 1);
    const missing = await grid(['--file', join(dir, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the job definition');
  }, 120_000);
});
