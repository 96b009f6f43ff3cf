import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostRuntime, type HostRuntime } from '../../../src/main/composition';

/**
 * `logs.bundle.inspect` through the real composition (fs adapter, zip reader): a page may open the bundles in
 * the support folder, and learns nothing about any other file, not even whether it exists.
 */
let runtime: HostRuntime;
let home: string;
let outside: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'gridhost-home-'));
  outside = await mkdtemp(join(tmpdir(), 'gridhost-outside-'));
  await writeFile(join(outside, 'secret.txt'), 'not yours');
  runtime = createHostRuntime({ mode: 'headless', dataDir: home, env: { GRIDHOST_HOME: home } });
  await runtime.load();
});

afterAll(async () => {
  await runtime.close();
  await rm(home, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const failure = (path: string) =>
  runtime.dispatcher.dispatch('logs.bundle.inspect', { path }).then((r) => (r.ok ? 'opened' : `${r.error.code}: ${r.error.message}`));

describe('logs.bundle.inspect', () => {
  it('opens a bundle saved in the support folder, by name or full path', async () => {
    const saved = await runtime.api.logsBundleExport();
    await expect(runtime.api.logsBundleInspect({ path: basename(saved.path) })).resolves.toMatchObject({ manifest: expect.anything() });
    await expect(runtime.api.logsBundleInspect({ path: saved.path })).resolves.toMatchObject({ manifest: expect.anything() });
  }, 30_000);

  it('does not tell whether a file outside the support folder exists or can be read', async () => {
    const answers = await Promise.all([
      failure(join(outside, 'secret.txt')),
      failure(join(outside, 'no-such-file')),
      failure(outside),
      failure('../settings.json'),
      failure(join(home, 'support', '..', 'node-key.json')),
    ]);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toMatch(/^forbidden: Only support bundles in the support folder/);
  });

  it('refuses a link in the support folder that leads out of it', async () => {
    await symlink(join(outside, 'secret.txt'), join(home, 'support', 'planted.zip'));
    expect(await failure('planted.zip')).toBe(await failure(join(outside, 'secret.txt')));
  });

  it('has no file dialog headless, and says what to do instead', async () => {
    const answer = await runtime.dispatcher.dispatch('logs.bundle.pick', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/desktop app/) } });
  });
});
