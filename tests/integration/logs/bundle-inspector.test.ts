import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLogFolder } from '../../../src/main/adapters/logs/log-folder';
import { BundleOpenError, ZipBundleReader } from '../../../src/main/adapters/logs/zip-bundle-reader';
import { ZipBundleWriter } from '../../../src/main/adapters/logs/zip-bundle-writer';
import { formatSupportReport } from '../../../src/main/cli/commands/logs-inspect';
import { inspectBundle } from '../../../src/main/core/logs/bundle-inspector';
import { Redactor } from '../../../src/main/core/logs/redactor';
import { SupportBundle } from '../../../src/main/core/logs/support-bundle';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-inspect-'));
  await mkdir(join(dir, 'logs', 'jobs'), { recursive: true });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 10, 0, s)).toISOString();
const line = (s: number, level: string, msg: string, fields: Record<string, unknown> = {}) => JSON.stringify({ t: at(s), level, msg, ...fields });

async function makeBundle(): Promise<string> {
  const older = [
    line(0, 'info', 'host state changed', { component: 'host', from: 'starting', to: 'preflight', reason: null }),
    line(1, 'warn', 'container engine down', { component: 'containers', reason: 'connect ENOENT /var/run/docker.sock' }),
    line(2, 'warn', 'container engine down', { component: 'containers', reason: 'connect ENOENT /var/run/docker.sock' }),
  ];
  const newer = [
    line(3, 'info', 'host state changed', { component: 'host', from: 'preflight', to: 'queued', reason: null }),
    line(4, 'info', 'host state changed', { component: 'host', from: 'queued', to: 'running', reason: null }),
    line(5, 'error', 'heartbeat failed', { component: 'grid', code: 'ETIMEDOUT' }),
    line(6, 'error', 'heartbeat failed', { component: 'grid', code: 'ETIMEDOUT' }),
    line(7, 'error', 'heartbeat failed', { component: 'grid', code: 'ECONNRESET' }),
    line(8, 'error', 'job op failed', { component: 'jobs', jobId: 'job-42', reason: 'exit code 137 (out of memory)' }),
    'garbage that is not a log line "level":"error"',
    line(9, 'info', 'host state changed', { component: 'host', from: 'running', to: 'settling', reason: null }),
    line(10, 'info', 'host state changed', { component: 'host', from: 'settling', to: 'error', reason: 'The grid did not answer' }),
  ];
  await writeFile(join(dir, 'logs', 'gridhost.1.log'), `${older.join('\n')}\n`);
  await writeFile(join(dir, 'logs', 'gridhost.log'), `${newer.join('\n')}\n`);
  const output = Array.from({ length: 100 }, (_, i) => `step ${i}`).join('\n');
  await writeFile(join(dir, 'logs', 'jobs', 'gridhost-job-42-run.log'), `${output}\nKilled\n`);
  const bundle = new SupportBundle({
    folder: new FileLogFolder(join(dir, 'logs')),
    redactor: new Redactor(),
    clock: { now: () => Date.now() },
    sources: {
      app: { name: 'GridHost', version: '0.1.0', mode: 'desktop' },
      readinessChecks: async () => [
        { id: 'driver', title: 'NVIDIA driver', status: 'pass' },
        { id: 'toolkit', title: 'NVIDIA Container Toolkit', status: 'warn', detail: 'old version', fix: 'Update it' },
        { id: 'docker', title: 'Docker is running', status: 'fail', detail: 'The engine does not answer', fix: 'Start Docker' },
      ],
      recentJobs: async () => [
        { id: 'job-41', outcome: 'succeeded', startedAt: at(0), endedAt: at(1) },
        { id: 'job-42', outcome: 'failed', startedAt: at(4), endedAt: at(9), reason: 'The container ran out of memory (exit 137)' },
      ],
    },
  });
  const out = join(dir, 'bundle.zip');
  await bundle.export(new ZipBundleWriter(out));
  return out;
}

describe('inspectBundle', () => {
  it('puts failing checks first, groups errors by kind with counts, and builds the state timeline', async () => {
    const reader = await ZipBundleReader.open(await makeBundle());
    const report = await inspectBundle(reader);
    reader.close();

    expect(report.problems).toEqual([]);
    expect(report.manifest?.app.version).toBe('0.1.0');
    expect(report.checks.map((c) => c.status)).toEqual(['fail', 'warn', 'pass']);
    expect(report.errorGroups.map((g) => [g.level, g.kind, g.count])).toEqual([
      ['error', 'grid: heartbeat failed (ETIMEDOUT)', 2],
      ['error', 'grid: heartbeat failed (ECONNRESET)', 1],
      ['error', 'jobs: job op failed', 1],
      ['warn', 'containers: container engine down', 2],
    ]);
    const timeouts = report.errorGroups[0]!;
    expect([timeouts.firstAt, timeouts.lastAt]).toEqual([at(5), at(6)]);
    // Rotated files are read oldest first, so the timeline is in order.
    expect(report.timeline.map((c) => `${c.from}>${c.to}`)).toEqual([
      'starting>preflight',
      'preflight>queued',
      'queued>running',
      'running>settling',
      'settling>error',
    ]);
    expect(report.timeline.at(-1)?.reason).toBe('The grid did not answer');
    expect(report.lines).toEqual({ total: 12, unreadable: 1 });
  });

  it('names the job that failed, why, its error lines and the end of its output', async () => {
    const reader = await ZipBundleReader.open(await makeBundle());
    const report = await inspectBundle(reader);
    reader.close();
    expect(report.failedJob?.jobId).toBe('job-42');
    expect(report.failedJob?.reason).toBe('The container ran out of memory (exit 137)');
    expect(report.failedJob?.lines.map((l) => l.msg)).toEqual(['job op failed']);
    expect(report.failedJob?.outputTail).toHaveLength(40);
    expect(report.failedJob?.outputTail.at(-1)).toBe('Killed');
  });

  it('names the last job that failed, not one the owner paused, and shows the GPU, driver, engine, enrollment and market', async () => {
    await writeFile(join(dir, 'logs', 'gridhost.log'), `${line(0, 'info', 'host started')}\n`);
    const bundle = new SupportBundle({
      folder: new FileLogFolder(join(dir, 'logs')),
      redactor: new Redactor(),
      clock: { now: () => Date.now() },
      sources: {
        app: { name: 'GridHost', version: '0.1.0', mode: 'headless' },
        gpu: async () => ({ detectedAt: at(0), gpus: [{ name: 'NVIDIA GeForce RTX 3060', driverVersion: '550.54.14', vramMiB: 12288 }] }),
        docker: async () => ({ product: 'Docker Engine - Community', version: '27.1.1', apiVersion: '1.46', endpoint: '/var/run/docker.sock' }),
        enrollment: async () => ({ status: 'onboarded', market: 'nvidia-3060', reason: null, gridUrl: 'http://127.0.0.1:7070' }),
        // Newest first, as the ledger lists them: a pause after two real failures.
        recentJobs: async () => [
          { id: 'job-9', outcome: 'quit', startedAt: at(8), endedAt: at(9), reason: 'Quit: You paused sharing.', exitCode: null },
          { id: 'job-8', outcome: 'failed', startedAt: at(6), endedAt: at(7), reason: 'The job could not start: Docker cannot pull images.', exitCode: null },
          { id: 'job-7', outcome: 'failed', startedAt: at(4), endedAt: at(5), reason: 'The job exited with code 3.', exitCode: 3 },
          { id: 'job-6', outcome: 'finished', startedAt: at(2), endedAt: at(3), reason: null, exitCode: 0 },
        ],
      },
    });
    const out = join(dir, 'machine.zip');
    await bundle.export(new ZipBundleWriter(out));
    const reader = await ZipBundleReader.open(out);
    const report = await inspectBundle(reader);
    reader.close();

    expect(report.failedJob).toMatchObject({ jobId: 'job-8', reason: 'The job could not start: Docker cannot pull images.' });
    expect(report.machine).toEqual({ gpu: 'NVIDIA GeForce RTX 3060', driver: '550.54.14', docker: 'Docker Engine - Community 27.1.1', enrollment: 'onboarded', market: 'nvidia-3060' });
    const text = formatSupportReport(report);
    expect(text).toContain('GPU: NVIDIA GeForce RTX 3060, driver 550.54.14');
    expect(text).toContain('Container engine: Docker Engine - Community 27.1.1');
    expect(text).toContain('Enrollment: onboarded in nvidia-3060');
    expect(text).toContain('job-8: The job could not start: Docker cannot pull images.');
  });

  it('reports a zip without a manifest or with a damaged entry as problems, not a crash', async () => {
    const path = join(dir, 'foreign.zip');
    const zip = new ZipBundleWriter(path);
    await zip.addBuffer('checks.json', Buffer.from('{"not":"checks"}'));
    await zip.addBuffer('logs/gridhost.log', Buffer.from(`${line(1, 'error', 'boom', { component: 'x' })}\n`));
    await zip.finish();
    const reader = await ZipBundleReader.open(path);
    const report = await inspectBundle(reader);
    reader.close();
    expect(report.manifest).toBeNull();
    expect(report.problems.join('\n')).toMatch(/no manifest\.json/);
    expect(report.problems.join('\n')).toMatch(/checks\.json could not be read/);
    expect(report.errorGroups.map((g) => g.kind)).toEqual(['x: boom']);
  });

  it('reports a damaged log entry as a problem and keeps what came before the damage', async () => {
    const log = Array.from({ length: 20_000 }, (_, i) => line(i % 60, i % 7 === 0 ? 'error' : 'info', `event ${i % 13}`, { component: 'x', i })).join('\n');
    const path = join(dir, 'damaged.zip');
    const zip = new ZipBundleWriter(path);
    await zip.addBuffer('logs/gridhost.log', Buffer.from(`${log}\n`));
    await zip.finish();
    const bytes = await readFile(path);
    bytes.fill(0x55, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
    await writeFile(path, bytes);

    const reader = await ZipBundleReader.open(path);
    const report = await inspectBundle(reader);
    reader.close();
    expect(report.problems.join('\n')).toMatch(/logs\/gridhost\.log could not be read to its end/);
    expect(report.lines.total).toBeGreaterThan(0);
    expect(report.lines.total).toBeLessThan(20_000);
  });

  it('refuses a file that is not a zip with a message that says what to do', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'hello');
    await expect(ZipBundleReader.open(path)).rejects.toThrow(BundleOpenError);
    await expect(ZipBundleReader.open(path)).rejects.toThrow(/not a readable zip file.*gridhost logs export/);
    await expect(ZipBundleReader.open(join(dir, 'nope.zip'))).rejects.toThrow(/does not exist/);
  });
});
