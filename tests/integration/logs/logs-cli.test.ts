import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRIDHOST_BIN } from '../../support/headless-process';

const exec = promisify(execFile);
let home: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'gridhost-logs-cli-'));
  await mkdir(join(home, 'logs', 'jobs'), { recursive: true });
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function gridhost(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    // No GPU probe image is pulled (this machine may have no registry); the probe reports it and export goes on.
    const env = { ...process.env, GRIDHOST_HOME: home, GRIDHOST_GPU_PROBE_IMAGE: 'gridhost-test/none:0' };
    const child = spawn(process.execPath, [GRIDHOST_BIN, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Every file of a zip, as text, read with the system's unzip. */
async function zipEntries(zip: string): Promise<Array<[string, string]>> {
  const { stdout: names } = await exec('unzip', ['-Z1', zip]);
  const files = names.split('\n').filter((n) => n && !n.endsWith('/'));
  return Promise.all(files.map(async (name): Promise<[string, string]> => [name, (await exec('unzip', ['-p', zip, name], { maxBuffer: 64 * 1024 * 1024 })).stdout]));
}

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();

// The export asks the container engine and the GPU probe, which can be slow on a busy engine.
describe('gridhost logs export / logs inspect (built CLI, real process)', { timeout: 120_000 }, () => {
  it("keeps a custom RPC URL's API key (in its path) out of every file of the bundle", async () => {
    const key = '3f1c9e2a7b5d4c6e8f9a0b1c2d3e4f5a93a4';
    await writeFile(join(home, 'settings.json'), JSON.stringify({ wallet: { cluster: 'custom', customRpcUrl: `https://x.solana-mainnet.quiknode.pro/${key}/` } }));
    const zip = join(home, 'bundle.zip');
    expect((await gridhost(['logs', 'export', '--out', zip])).code).toBe(0);
    for (const [name, content] of await zipEntries(zip)) expect(content, name).not.toContain(key);
    const { stdout: manifest } = await exec('unzip', ['-p', zip, 'manifest.json']);
    expect(manifest).toContain('https://x.solana-mainnet.quiknode.pro/…');
    // The machine's description comes from the os adapter the composition gives the logs service.
    const system = (JSON.parse(manifest) as { system: Record<string, unknown> | null }).system;
    expect(system).toMatchObject({ platform: process.platform, arch: process.arch, node: process.versions.node });
  });

  it("keeps a grid address's key (in its path and ?key=) out of every file; the manifest's settings show its host", async () => {
    const pathKey = 'k3y-in-the-path-0123456789';
    const queryKey = 'abcdef0123456789';
    const gridUrl = `https://grid.example.org/${pathKey}?key=${queryKey}`;
    await writeFile(join(home, 'settings.json'), JSON.stringify({ grid: { url: gridUrl } }));
    // A line an older version wrote with the address whole.
    const line = { t: at(0), level: 'warn', msg: 'grid unreachable', component: 'host-loop', reason: `The grid at ${gridUrl} is not answering` };
    await writeFile(join(home, 'logs', 'gridhost.log'), `${JSON.stringify(line)}\n`);
    const zip = join(home, 'bundle.zip');
    expect((await gridhost(['logs', 'export', '--out', zip])).code).toBe(0);
    for (const [name, content] of await zipEntries(zip)) {
      expect(content, name).not.toContain(pathKey);
      expect(content, name).not.toContain(queryKey);
    }
    const { stdout: manifest } = await exec('unzip', ['-p', zip, 'manifest.json']);
    expect((JSON.parse(manifest) as { settings: { grid: { url: string } } }).settings.grid.url).toBe('https://grid.example.org/…');
    const { stdout: log } = await exec('unzip', ['-p', zip, 'logs/gridhost.log']);
    expect(log).toContain('The grid at https://grid.example.org/');
  });

  it('exports a redacted bundle to --out and inspects it', async () => {
    const lines = [
      { t: at(0), level: 'info', msg: 'host state changed', component: 'host', from: 'starting', to: 'preflight', reason: null },
      { t: at(1), level: 'error', msg: 'pull failed', component: 'containers', url: 'https://bob:pa55w0rd-xyz@registry.example.org/v2/' },
      { t: at(2), level: 'info', msg: 'host state changed', component: 'host', from: 'preflight', to: 'error', reason: 'Docker is not running' },
    ];
    await writeFile(join(home, 'logs', 'gridhost.log'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    await writeFile(join(home, 'logs', 'jobs', 'gridhost-job-1-run.log'), 'contact me at carol@example.com\n');
    const zip = join(home, 'bundle.zip');

    const exported = await gridhost(['logs', 'export', '--out', zip, '--json']);
    expect(exported.code).toBe(0);
    const result = JSON.parse(exported.out) as { path: string; files: number; notes: Array<{ item: string }> };
    expect(result.path).toBe(zip);
    const { stdout: log } = await exec('unzip', ['-p', zip, 'logs/gridhost.log']);
    expect(log).not.toContain('pa55w0rd-xyz');
    expect(log).toContain('bob:[REDACTED]@registry.example.org');
    const { stdout: jobLog } = await exec('unzip', ['-p', zip, 'logs/jobs/gridhost-job-1-run.log']);
    expect(jobLog).toBe('contact me at [REDACTED:email]\n');

    const inspected = await gridhost(['logs', 'inspect', zip]);
    expect(inspected.code).toBe(0);
    expect(inspected.out).toMatch(/Errors and warnings by kind:\n\s+1x error containers: pull failed/);
    expect(inspected.out).toMatch(/preflight -> error {2}\(Docker is not running\)/);

    const asJson = await gridhost(['logs', 'inspect', zip, '--json']);
    expect((JSON.parse(asJson.out) as { timeline: unknown[] }).timeline).toHaveLength(2);
  });

  it('puts the bundle in a folder given as --out, under its own name', async () => {
    const exported = await gridhost(['logs', 'export', '--out', home]);
    expect(exported.code).toBe(0);
    expect(exported.out).toMatch(new RegExp(`Support bundle written: ${home}/gridhost-support-\\d{8}-\\d{6}\\.zip`));
    expect(exported.out).toMatch(/Not included, or only in part:/);
  });

  it('refuses a file that is not a bundle (exit 1) and a missing path (exit 2), saying what to do', async () => {
    const notZip = join(home, 'notes.txt');
    await writeFile(notZip, 'hello');
    const bad = await gridhost(['logs', 'inspect', notZip]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/is not a support bundle.*gridhost logs export/);
    const missing = await gridhost(['logs', 'inspect']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Give the path of one support bundle/);
    expect(await readFile(notZip, 'utf8')).toBe('hello');
  });
});
