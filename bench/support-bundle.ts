import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import bs58 from 'bs58';
import { FileLogFolder } from '../src/main/adapters/logs/log-folder';
import { ZipBundleWriter } from '../src/main/adapters/logs/zip-bundle-writer';
import { Redactor } from '../src/main/core/logs/redactor';
import { SupportBundle } from '../src/main/core/logs/support-bundle';
import { table } from './support/proc-sampler';

const TOTAL_MIB = Number(process.env.BENCH_BUNDLE_MIB ?? 500);
const FILE_MIB = 10;
const JOB_LOG_FILES = 5;
const TARGET_RSS_MIB = 200;
/** The export, which redacts every byte, runs at least this fraction of the speed of `zip -r` of the same folder. */
const TARGET_RATIO = 0.8;

interface Measured {
  seconds: number;
  peakRssMiB: number;
  zipBytes: number;
}

/**
 * Support bundle export of a generated 500 MiB log folder (45 main log files and 5 job logs of 10 MiB, as
 * rotation leaves them), beside `zip -r` of the same folder in the same run. The export runs in a child
 * process so its peak RSS is its own. Targets: the export runs at 0.8x the speed of zip or better (it also
 * redacts every byte) and stays under 200 MB RSS.
 */
export async function run(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'gridhost-bench-bundle-'));
  try {
    const logs = join(dir, 'logs');
    const bytes = await generateLogs(logs);
    const exported = await measureExport(logs, join(dir, 'bundle.zip'));
    const zipped = await measureZip(dir, join(dir, 'baseline.zip'));
    const mbps = (m: Measured) => bytes / 1e6 / m.seconds;
    console.log(
      table([
        row('zip -r (baseline)', zipped, mbps(zipped)),
        row('gridhost logs export', exported, mbps(exported)),
      ]),
    );
    const ratio = mbps(exported) / mbps(zipped);
    const met = exported.peakRssMiB < TARGET_RSS_MIB && ratio >= TARGET_RATIO;
    console.log(
      `export of ${(bytes / 1024 / 1024).toFixed(0)} MiB: ${mbps(exported).toFixed(1)} MB/s = ${ratio.toFixed(2)}x zip -r (target >= ${TARGET_RATIO}x), ` +
        `peak RSS ${exported.peakRssMiB.toFixed(1)} MiB (target < ${TARGET_RSS_MIB} MB): ${met ? 'MET' : 'NOT MET'}`,
    );
    return met;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function row(name: string, m: Measured, mbps: number): Record<string, string> {
  return {
    tool: name,
    seconds: m.seconds.toFixed(2),
    'MB/s': mbps.toFixed(1),
    'peak RSS MiB': m.peakRssMiB.toFixed(1),
    'zip MiB': (m.zipBytes / 1024 / 1024).toFixed(1),
  };
}

/** Writes the log folder from a few distinct 1 MiB blocks of realistic lines; returns the bytes written. */
async function generateLogs(logs: string): Promise<number> {
  await mkdir(join(logs, 'jobs'), { recursive: true });
  const mainBlocks = Array.from({ length: 4 }, (_, b) => mainLogBlock(b));
  const jobBlocks = Array.from({ length: 2 }, (_, b) => jobLogBlock(b));
  const files = Math.max(1, Math.round(TOTAL_MIB / FILE_MIB));
  let total = 0;
  for (let f = 0; f < files; f++) {
    const isJob = f >= files - JOB_LOG_FILES;
    const name = isJob ? join('jobs', `gridhost-job-${f}-run.log`) : f === 0 ? 'gridhost.log' : `gridhost.${f}.log`;
    const blocks = isJob ? jobBlocks : mainBlocks;
    const handle = await open(join(logs, name), 'w');
    for (let i = 0; i < FILE_MIB; i++) total += (await handle.write(blocks[(f + i) % blocks.length]!)).bytesWritten;
    await handle.close();
  }
  return total;
}

function mainLogBlock(seed: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const t = new Date(Date.UTC(2026, 10, 25) + (seed * 100_000 + i) * 250).toISOString();
    const kind = i % 50;
    const line =
      kind === 0
        ? { t, level: 'error', msg: 'heartbeat failed', component: 'grid', code: 'ETIMEDOUT', url: 'http://127.0.0.1:7070/api/run/heartbeat', jobId: randomBytes(8).toString('hex') }
        : kind === 1
          ? { t, level: 'info', msg: 'payout', component: 'wallet', address: bs58.encode(randomBytes(32)), dir: '/home/alice/.config/GridHost' }
          : kind === 2
            ? { t, level: 'warn', msg: 'pull retry', component: 'containers', image: `ghcr.io/example/llm@sha256:${randomBytes(32).toString('hex')}`, attempt: i % 5 }
            : kind === 3 && i % 1000 === 3
              ? { t, level: 'warn', msg: 'foreign key seen', component: 'wallet', raw: bs58.encode(randomBytes(64)) }
              : { t, level: 'info', msg: 'job progress', component: 'jobs', jobId: `job-${seed}-${i % 97}`, seconds: i, gpuUtil: i % 100, tempC: 60 + (i % 20) };
    const text = `${JSON.stringify(line)}\n`;
    lines.push(text);
    size += Buffer.byteLength(text);
  }
  return Buffer.from(lines.join('')).subarray(0, 1024 * 1024);
}

function jobLogBlock(seed: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const text = `[${seed}:${i}] step ${i} loss=${(1 / (i + 1)).toFixed(6)} tokens/s=${1000 + (i % 300)} mem=${(i * 7) % 6144}MiB\n`;
    lines.push(text);
    size += text.length;
  }
  return Buffer.from(lines.join('')).subarray(0, 1024 * 1024);
}

/** Runs the export in a child process (this file with --export-child) and reads its own peak RSS. */
function measureExport(logs: string, out: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--export-child', logs, out], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`export child exited with ${code}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as Measured);
    });
  });
}

/** `zip -r` of the same folder, its peak RSS sampled from /proc (VmHWM is the high-water mark). */
async function measureZip(cwd: string, out: string): Promise<Measured> {
  const started = performance.now();
  const child = execFile('zip', ['-r', '-q', out, 'logs'], { cwd });
  let peakKb = 0;
  const sample = setInterval(() => {
    readFile(`/proc/${child.pid}/status`, 'utf8')
      .then((s) => (peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0))))
      .catch(() => undefined);
  }, 50);
  try {
    await new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`zip exited with ${code}`)))));
  } finally {
    clearInterval(sample);
  }
  return { seconds: (performance.now() - started) / 1000, peakRssMiB: peakKb / 1024, zipBytes: (await stat(out)).size };
}

async function exportChild(logs: string, out: string): Promise<void> {
  const redactor = new Redactor();
  redactor.rememberKey(randomBytes(64));
  redactor.rememberSecret('bench-headless-token-0123456789');
  const bundle = new SupportBundle({
    folder: new FileLogFolder(logs),
    redactor,
    clock: { now: () => Date.now() },
    sources: { app: { name: 'GridHost', version: 'bench', mode: 'headless' } },
  });
  const started = performance.now();
  const { zipBytes } = await bundle.export(new ZipBundleWriter(out));
  const seconds = (performance.now() - started) / 1000;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ seconds, peakRssMiB, zipBytes } satisfies Measured)}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === pathToFileURL(__filename).href) {
  const child = process.argv.indexOf('--export-child');
  const main = child >= 0 ? exportChild(process.argv[child + 1]!, process.argv[child + 2]!) : run().then((met) => (process.exitCode = met ? 0 : 1));
  main.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
