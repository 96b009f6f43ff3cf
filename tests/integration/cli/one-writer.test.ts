import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTROL_FILE, CONTROL_PROTOCOL } from '../../../src/shared/wire';
import { connectDashboard } from '../../support/dashboard-client';
import { runGridhost, startHeadlessProcess, type HeadlessProcess } from '../../support/headless-process';

/** A host with nothing to reach (no grid, no RPC), so that it stays quiet while a test watches its files. */
const QUIET_SETTINGS = { grid: { url: 'http://127.0.0.1:9' }, wallet: { cluster: 'custom', customRpcUrl: 'http://127.0.0.1:9/' } };

/** Every file of the data folder with a hash of its content (the log folder by name only: the host writes it). */
async function snapshot(dir: string, prefix = ''): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) Object.assign(entries, name === 'logs' ? { logs: 'folder' } : await snapshot(path, `${name}/`));
    else if (entry.isSocket()) entries[name] = 'socket';
    else entries[name] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return entries;
}

/** Waits until the host has checked the machine (its key made, its log written) and settled. */
async function settled(host: HeadlessProcess): Promise<void> {
  const dashboard = await connectDashboard(host.origin, host.token);
  const state = async () => ((await dashboard.call('host.status')).result as { state: string }).state;
  await expect.poll(state, { timeout: 20_000, interval: 100 }).toBe('unenrolled');
  dashboard.close();
  const logWritten = () => stat(join(host.home, 'logs', 'gridhost.log')).then(() => true, () => false);
  await expect.poll(logWritten, { timeout: 10_000 }).toBe(true);
}

describe('one writer per data folder (built CLI, real processes)', () => {
  let home: string;
  let first: HeadlessProcess | null = null;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'gridhost-one-writer-'));
    await writeFile(join(home, 'settings.json'), JSON.stringify(QUIET_SETTINGS));
  });
  afterEach(async () => {
    await first?.stop();
    first = null;
    await rm(home, { recursive: true, force: true });
  });

  it('a second host on the same data folder refuses, names the first (pid, since, dashboard), exits 1, and touches nothing of it', async () => {
    first = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    await settled(first);
    const before = await snapshot(home);
    const lock = JSON.parse(await readFile(join(home, 'gridhost.lock'), 'utf8')) as { pid: number; startedAt: string };
    expect(lock.pid).toBe(first.child.pid);

    const second = await runGridhost(home, ['start', '--headless', '--port', '0']);
    expect(second.code).toBe(1);
    expect(second.err).toContain(`A headless GridHost is already running on the data folder ${home}`);
    expect(second.err).toContain(`pid ${first.child.pid}`);
    expect(second.err).toContain(`since ${lock.startedAt}`);
    expect(second.err).toContain(`dashboard ${first.origin}`);
    expect(second.err).not.toContain(first.token);
    expect(second.out).not.toMatch(/Dashboard:/);

    expect(await snapshot(home)).toEqual(before);
    // The first host still answers its dashboard.
    const dashboard = await connectDashboard(first.origin, first.token);
    expect(await dashboard.call('host.status')).toMatchObject({ ok: true });
    dashboard.close();
  });

  it('takes over the lock of a host that was killed, and says so in the log', async () => {
    first = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    const deadPid = first.child.pid;
    await first.stop('SIGKILL');
    // A killed host cannot clean up: its lock and control file are left behind.
    expect(JSON.parse(await readFile(join(home, 'gridhost.lock'), 'utf8'))).toMatchObject({ pid: deadPid });

    first = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    expect(JSON.parse(await readFile(join(home, 'gridhost.lock'), 'utf8'))).toMatchObject({ pid: first.child.pid, mode: 'headless' });
    const log = () => readFile(join(home, 'logs', 'gridhost.log'), 'utf8').catch(() => '');
    await expect
      .poll(log, { timeout: 10_000 })
      .toMatch(new RegExp(`"msg":"took over the data folder lock of a GridHost process that is gone","pid":${deadPid}`));
    // A clean stop releases the lock and removes the control file.
    await first.stop();
    first = null;
    await expect(stat(join(home, 'gridhost.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(home, CONTROL_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a CLI change while the host runs reaches it (its page sees settings.changed) and survives a change made in the dashboard', async () => {
    first = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    const dashboard = await connectDashboard(first.origin, first.token);
    const payout = Keypair.generate().publicKey.toBase58();

    const memory = await runGridhost(home, ['settings', 'set', 'containers.memoryMiB', '4096']);
    expect(memory).toMatchObject({ code: 0, out: 'containers.memoryMiB is now 4096 (the running host uses it now).\n' });
    const wallet = await runGridhost(home, ['wallet', '--set-payout', payout]);
    expect(wallet.code).toBe(0);
    const changed = dashboard.events.filter((e) => e.event === 'settings.changed').map((e) => e.data as { containers: { memoryMiB: number }; wallet: { payoutAddress: string | null } });
    expect(changed.at(-2)?.containers.memoryMiB).toBe(4096);
    expect(changed.at(-1)?.wallet.payoutAddress).toBe(payout);

    // The dashboard changes another setting: what the CLI set is kept.
    const update = await dashboard.call('settings.update', { logs: { level: 'debug' } });
    expect(update).toMatchObject({ ok: true, result: { containers: { memoryMiB: 4096 }, wallet: { payoutAddress: payout }, logs: { level: 'debug' } } });
    const onDisk = JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')) as typeof update.result;
    expect(onDisk).toMatchObject({ containers: { memoryMiB: 4096 }, wallet: { payoutAddress: payout }, logs: { level: 'debug' } });
    const shown = await runGridhost(home, ['settings', '--json']);
    expect(JSON.parse(shown.out)).toMatchObject({ containers: { memoryMiB: 4096 }, wallet: { payoutAddress: payout }, logs: { level: 'debug' } });

    // A refused value says why in words, and changes nothing.
    const refused = await runGridhost(home, ['settings', 'set', 'containers.memoryMiB', '100']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/containers\.memoryMiB cannot be 100: too small.*512.*Nothing was changed/);
    expect((await dashboard.call('settings.get')).result).toMatchObject({ containers: { memoryMiB: 4096 } });
    dashboard.close();
  });

  it('the control channel is owner-only: the socket and its token file are 0600, a wrong token is refused', async () => {
    first = await startHeadlessProcess([], { GRIDHOST_HOME: home });
    const control = JSON.parse(await readFile(join(home, CONTROL_FILE), 'utf8')) as { endpoint: string; token: string };
    expect(control.endpoint).toBe(join(home, 'control.sock'));
    expect((await stat(join(home, CONTROL_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(control.endpoint)).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o777).toBe(0o700);

    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(control.endpoint);
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
      socket.write(`${JSON.stringify({ hello: CONTROL_PROTOCOL, token: 'not-the-token' })}\n`);
      socket.write(`${JSON.stringify({ id: 1, method: 'settings.get' })}\n`);
    });
    expect(answer).toContain('"code":"unauthorized"');
    expect(answer).not.toContain('"id":1');
    // The right token opens it (a command), and never reaches the log.
    expect((await runGridhost(home, ['settings', '--json'])).code).toBe(0);
    const log = () => readFile(join(home, 'logs', 'gridhost.log'), 'utf8').catch(() => '');
    await expect.poll(log, { timeout: 10_000 }).toContain('control connection refused');
    expect(await log()).not.toContain(control.token);

    // Another user of the machine cannot even open the socket (testable where the tests run as root).
    if (process.getuid?.() === 0) {
      const probe = `require('net').connect(${JSON.stringify(control.endpoint)}).on('connect', () => { console.log('connected'); process.exit(0) }).on('error', (e) => { console.log(e.code); process.exit(0) })`;
      const result = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['-e', probe], { uid: 65534, gid: 65534 });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('exit', () => resolve(out.trim()));
      });
      expect(result).toBe('EACCES');
    }
  });
});
