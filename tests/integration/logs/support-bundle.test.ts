import { Keypair } from '@solana/web3.js';
import bs58 from 'bs58';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLogFolder } from '../../../src/main/adapters/logs/log-folder';
import { ZipBundleReader } from '../../../src/main/adapters/logs/zip-bundle-reader';
import { ZipBundleWriter } from '../../../src/main/adapters/logs/zip-bundle-writer';
import { BundleManifestSchema } from '../../../src/shared/contract/logs';
import { Redactor } from '../../../src/main/core/logs/redactor';
import { SupportBundle } from '../../../src/main/core/logs/support-bundle';
import type { SupportSources } from '../../../src/main/core/logs/support-sources';

const run = promisify(execFile);

const NODE_KEY = Keypair.generate().secretKey;
const FOREIGN_KEY = Keypair.generate().secretKey;
const HEADLESS_TOKEN = 'hl-9f8e7d6c5b4a39281706';
const KNOWN_REGISTRY_PASSWORD = 'hunter2-registry-pw';
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const WALLET = Keypair.generate().publicKey.toBase58();

/** Every secret planted in the logs and sources, in every encoding the issue lists. */
function plantedSecrets(): string[] {
  const forms = (key: Uint8Array) => {
    const b = Buffer.from(key);
    return [`[${Array.from(key).join(',')}]`, `[${Array.from(key).join(', ')}]`, bs58.encode(key), b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url')];
  };
  return [
    ...forms(NODE_KEY),
    ...forms(FOREIGN_KEY),
    bs58.encode(NODE_KEY.subarray(0, 32)),
    Buffer.from(NODE_KEY.subarray(0, 32)).toString('hex'),
    HEADLESS_TOKEN,
    MNEMONIC,
    // Registry passwords: one the host knows (it registers the credentials it pulls with), one only in context.
    KNOWN_REGISTRY_PASSWORD,
    'password=unknown-pw-123',
    'Authorization: Basic Zm9vOmJhcg-auth-header',
    'alice.doe@example.com',
    '/home/alice',
    'C:\\Users\\alice',
    WALLET,
  ];
}

/** What must not appear: the secret itself, without the words planted around it ("password=", "Basic "). */
function secretNeedles(): string[] {
  return plantedSecrets().map((s) => s.replace(/^(password=|Authorization: Basic )/, ''));
}

function mainLogLines(): string[] {
  const secrets = plantedSecrets();
  const lines = [
    { t: '2026-11-25T10:00:00.000Z', level: 'info', msg: 'host state changed', component: 'host', from: 'starting', to: 'preflight', reason: null },
    { t: '2026-11-25T10:00:01.000Z', level: 'info', msg: 'headless server', component: 'headless', url: `http://127.0.0.1:7777/?token=${HEADLESS_TOKEN}` },
    { t: '2026-11-25T10:00:02.000Z', level: 'error', msg: 'pull failed', component: 'containers', jobId: 'job-7', registryPassword: KNOWN_REGISTRY_PASSWORD, header: 'Authorization: Basic Zm9vOmJhcg-auth-header' },
    { t: '2026-11-25T10:00:03.000Z', level: 'warn', msg: 'odd key seen', component: 'wallet', raw: secrets.join(' | ') },
    { t: '2026-11-25T10:00:04.000Z', level: 'info', msg: 'host state changed', component: 'host', from: 'preflight', to: 'error', reason: 'Docker is not running' },
  ];
  // Some secrets as raw text too (not inside JSON strings), the way a crash could write them.
  return [...lines.map((l) => JSON.stringify(l)), `raw ${secrets.join(' ; ')}`];
}

function sources(): SupportSources {
  return {
    app: { name: 'GridHost', version: '0.1.0', mode: 'headless' },
    system: async () => ({ platform: 'linux', release: '6.1', arch: 'x64', home: '/home/alice' }),
    gpu: async () => {
      throw new Error('nvidia-smi was not found on PATH');
    },
    settings: async () => ({ wallet: { payoutAddress: WALLET }, grid: { url: `http://127.0.0.1:7070/?token=${HEADLESS_TOKEN}` } }),
    readinessChecks: async () => [
      { id: 'docker', title: 'Docker is running', status: 'fail', detail: 'The engine does not answer', fix: 'Start Docker Desktop' },
      { id: 'driver', title: 'NVIDIA driver', status: 'pass' },
    ],
    lastBenchmark: async () => null,
    recentJobs: async () => [{ id: 'job-7', outcome: 'failed', reason: `image pull denied for alice.doe@example.com`, startedAt: '2026-11-25T10:00:02.000Z' }],
  };
}

let dataDir: string;
let logsDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gridhost-bundle-'));
  logsDir = join(dataDir, 'logs');
  await mkdir(join(logsDir, 'jobs'), { recursive: true });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function redactor(): Redactor {
  const r = new Redactor();
  r.rememberKey(NODE_KEY);
  r.rememberSecret(HEADLESS_TOKEN);
  r.rememberSecret(KNOWN_REGISTRY_PASSWORD);
  return r;
}

async function exportTo(bundle: SupportBundle, name = 'bundle.zip') {
  const out = join(dataDir, name);
  const result = await bundle.export(new ZipBundleWriter(out));
  return { out, result };
}

/** Every entry of the zip, decompressed by the system's unzip (not by our own reader). */
async function unzipAll(zipPath: string): Promise<Map<string, Buffer>> {
  const dest = join(dataDir, 'unzipped');
  await run('unzip', ['-q', '-o', zipPath, '-d', dest]);
  const found = new Map<string, Buffer>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else found.set(`${prefix}${entry.name}`, await readFile(join(dir, entry.name)));
    }
  };
  await walk(dest, '');
  return found;
}

describe('support bundle export', () => {
  it('leaves no planted secret, in any encoding, byte for byte in any file of the zip', async () => {
    await writeFile(join(logsDir, 'gridhost.log'), `${mainLogLines().join('\n')}\n`);
    await writeFile(join(logsDir, 'gridhost.1.log'), `${mainLogLines().join('\n')}\n`);
    await writeFile(join(logsDir, 'jobs', 'gridhost-job-7-op1.log'), `Downloading...\n${plantedSecrets().join('\n')}\nexit 1\n`);
    const bundle = new SupportBundle({ folder: new FileLogFolder(logsDir), sources: sources(), redactor: redactor(), clock: { now: () => Date.UTC(2026, 10, 25, 11) } });
    const { out } = await exportTo(bundle);

    const entries = await unzipAll(out);
    expect([...entries.keys()].sort()).toEqual(['checks.json', 'jobs.json', 'logs/gridhost.1.log', 'logs/gridhost.log', 'logs/jobs/gridhost-job-7-op1.log', 'manifest.json']);
    const raw = await readFile(out);
    for (const secret of secretNeedles()) {
      const needle = Buffer.from(secret, 'utf8');
      for (const [name, content] of entries) {
        expect(content.includes(needle), `${secret.slice(0, 20)}… found in ${name}`).toBe(false);
      }
      expect(raw.includes(needle), `${secret.slice(0, 20)}… found in the zip's raw bytes`).toBe(false);
    }
    // Redacted, not emptied: support still sees what happened.
    const log = entries.get('logs/gridhost.log')!.toString('utf8');
    expect(log).toContain('"registryPassword":"[REDACTED]"');
    expect(log).toContain(`${WALLET.slice(0, 4)}…${WALLET.slice(-4)}`);
    expect(log).toContain('/home/<user>');
  });

  it('writes a complete manifest: app, system, settings, time range, files with sizes, and notes for what is missing', async () => {
    await writeFile(join(logsDir, 'gridhost.log'), `${mainLogLines().join('\n')}\n`);
    const bundle = new SupportBundle({ folder: new FileLogFolder(logsDir), sources: sources(), redactor: redactor(), clock: { now: () => Date.UTC(2026, 10, 25, 11) } });
    const { out, result } = await exportTo(bundle);
    const entries = await unzipAll(out);
    const manifest = BundleManifestSchema.parse(JSON.parse(entries.get('manifest.json')!.toString('utf8')));

    expect(manifest).toMatchObject({
      format: 'gridhost-support-bundle',
      createdAt: '2026-11-25T11:00:00.000Z',
      app: { name: 'GridHost', version: '0.1.0', mode: 'headless' },
      system: { platform: 'linux', arch: 'x64', home: '/home/<user>' },
      gpu: null,
      docker: null,
      timeRange: { from: '2026-11-25T10:00:00.000Z', to: '2026-11-25T10:00:04.000Z' },
    });
    expect(JSON.stringify(manifest.settings)).not.toContain(HEADLESS_TOKEN);
    // Every file listed with its real size; every file of the zip but the manifest is listed.
    for (const file of manifest.files) expect(entries.get(file.name)?.length, file.name).toBe(file.bytes);
    expect(manifest.files.map((f) => f.name).sort()).toEqual([...entries.keys()].filter((n) => n !== 'manifest.json').sort());
    const reasons = Object.fromEntries(manifest.notes.map((n) => [n.item, n.reason]));
    expect(reasons.gpu).toMatch(/could not be collected: nvidia-smi was not found/);
    expect(reasons.docker).toMatch(/not available in this build/);
    expect(reasons.lastBenchmark).toMatch(/nothing recorded/);
    expect(result.zipBytes).toBe((await readFile(out)).length);
  });

  it('notes corrupt, truncated and huge log files and still includes what they hold', async () => {
    const good = mainLogLines().slice(0, 5).join('\n');
    await writeFile(join(logsDir, 'gridhost.log'), `${good}\n{"t":"2026-11-25T10:00:05.000Z","level":"info","msg":"cut off he`);
    await writeFile(join(logsDir, 'gridhost.1.log'), Buffer.concat([Buffer.from(`${good}\nnot json at all\n`), Buffer.from([0xff, 0xfe, 0x00, 0x9c, 0x0a])]));
    const huge = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ t: '2026-11-24T00:00:00.000Z', level: 'info', msg: 'tick', i })).join('\n');
    await writeFile(join(logsDir, 'gridhost.2.log'), `${huge}\n`);
    const bundle = new SupportBundle({
      folder: new FileLogFolder(logsDir),
      sources: sources(),
      redactor: redactor(),
      clock: { now: () => Date.now() },
      limits: { maxFileBytes: 64 * 1024 },
    });
    const { out, result } = await exportTo(bundle);
    const notes = result.manifest.notes.filter((n) => n.item.startsWith('logs/'));
    const about = (name: string) => notes.filter((n) => n.item === name).map((n) => n.reason).join(' | ');
    expect(about('logs/gridhost.log')).toMatch(/last line was cut off/);
    expect(about('logs/gridhost.1.log')).toMatch(/2 of 7 lines are not valid log lines/);
    expect(about('logs/gridhost.1.log')).toMatch(/bytes that are not text/);
    expect(about('logs/gridhost.2.log')).toMatch(/over the 64.0 KiB|over the 0.1 MiB limit per file; only its newest/);

    const entries = await unzipAll(out);
    expect(entries.get('logs/gridhost.log')!.toString()).toMatch(/"msg":"cut off he$/);
    const hugePart = entries.get('logs/gridhost.2.log')!.toString().trimEnd().split('\n');
    expect(hugePart.length).toBeGreaterThan(100);
    // Starts on a whole line, and the newest line is the file's last.
    expect(() => hugePart.map((l) => JSON.parse(l) as unknown)).not.toThrow();
    expect(hugePart.at(-1)).toContain('"i":19999');
  });

  it('previews the entries with sizes and the notes, and writes nothing', async () => {
    await writeFile(join(logsDir, 'gridhost.log'), `${mainLogLines().join('\n')}\n`);
    await writeFile(join(logsDir, 'jobs', 'gridhost-job-7-op1.log'), 'output\n');
    const bundle = new SupportBundle({ folder: new FileLogFolder(logsDir), sources: sources(), redactor: redactor(), clock: { now: () => Date.now() } });
    const before = await readdir(dataDir);
    const preview = await bundle.preview();
    expect(await readdir(dataDir)).toEqual(before);
    expect(preview.entries.map((e) => [e.name, e.kind])).toEqual([
      ['manifest.json', 'manifest'],
      ['checks.json', 'checks'],
      ['jobs.json', 'jobs'],
      ['logs/gridhost.log', 'log'],
      ['logs/jobs/gridhost-job-7-op1.log', 'job-log'],
    ]);
    expect(preview.entries.find((e) => e.name === 'logs/jobs/gridhost-job-7-op1.log')?.bytes).toBe(7);
    expect(preview.totalBytes).toBe(preview.entries.reduce((s, e) => s + e.bytes, 0));
    expect(preview.notes.map((n) => n.item)).toEqual(['gpu', 'docker', 'enrollment', 'lastBenchmark']);
  });

  it('leaves no file behind when the export fails', async () => {
    await writeFile(join(logsDir, 'gridhost.log'), 'x\n');
    const bundle = new SupportBundle({ folder: new FileLogFolder(logsDir), sources: sources(), redactor: redactor(), clock: { now: () => Date.now() } });
    const out = join(dataDir, 'missing-folder', 'bundle.zip');
    await expect(bundle.export(new ZipBundleWriter(out))).rejects.toThrow(/ENOENT/);
    expect(await readdir(dataDir)).toEqual(['logs']);
  });

  it('reads back through the zip reader with the same entries', async () => {
    await writeFile(join(logsDir, 'gridhost.log'), `${mainLogLines().join('\n')}\n`);
    const bundle = new SupportBundle({ folder: new FileLogFolder(logsDir), sources: sources(), redactor: redactor(), clock: { now: () => Date.now() } });
    const { out, result } = await exportTo(bundle);
    const reader = await ZipBundleReader.open(out);
    try {
      const names = reader.entries().map((e) => e.name).sort();
      expect(names).toEqual([...result.manifest.files.map((f) => f.name), 'manifest.json'].sort());
    } finally {
      reader.close();
    }
  });
});
