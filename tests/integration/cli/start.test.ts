import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_PATH, API_SUBPROTOCOL, bearerProtocol } from '../../../src/shared/wire';
import { GRIDHOST_BIN, startHeadlessProcess } from '../../support/headless-process';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function runCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    void mkdtemp(join(tmpdir(), 'gridhost-cli-')).then((home) => {
      const child = spawn(process.execPath, [GRIDHOST_BIN, ...args], { env: { ...process.env, GRIDHOST_HOME: home } });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('exit', (code) => void rm(home, { recursive: true, force: true }).then(() => resolve({ code, out })));
    });
  });
}

/** The SHA-256 fingerprint of the certificate served on 127.0.0.1:port (not verified: it is self-signed). */
function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? '');
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** The first group of a line the process prints (it may follow the dashboard link by a moment). */
async function printedLine(output: () => string, pattern: RegExp): Promise<string> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    const match = pattern.exec(output());
    if (match) return match[1]!;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no line matching ${pattern} in:\n${output()}`);
}

describe('gridhost start --headless (built CLI, real process)', () => {
  it('prints a tokenized loopback URL, serves the API there, and shuts down cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const host = await startHeadlessProcess();
      expect(host.dashboardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
      const ws = new WebSocket(`${host.origin.replace('http', 'ws')}${API_PATH}`, [API_SUBPROTOCOL, bearerProtocol(host.token)]);
      await new Promise((resolve, reject) => {
        ws.on('open', resolve);
        ws.on('error', reject);
      });
      // The dashboard is up while the machine is checked; without a grid the host settles in "unenrolled".
      let id = 0;
      const status = async () => {
        ws.send(JSON.stringify({ id: ++id, method: 'host.status' }));
        const reply = await new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
        expect(reply).toMatchObject({ id, ok: true });
        return (reply.result as { state: string }).state;
      };
      await expect.poll(status, { timeout: 20_000, interval: 200 }).toBe('unenrolled');
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      expect(await host.stop(signal)).toBe(0);
      expect(await closed).toBe(1001);
      expect(host.output()).toMatch(new RegExp(`Received ${signal}, stopping`));
    }
  });

  it('--grid local starts the reference grid in the same process, and stops it on exit', async () => {
    const port = await freePort();
    const gridUrl = `http://127.0.0.1:${port}`;
    const host = await startHeadlessProcess(['--grid', 'local'], {}, { grid: { url: gridUrl } });
    expect(host.output()).toMatch(new RegExp(`Local grid: started at ${gridUrl}`));
    const ping = await fetch(`${gridUrl}/v1/speedtest/ping`);
    expect(ping.ok).toBe(true);
    expect(await host.stop()).toBe(0);
    await expect(fetch(`${gridUrl}/v1/speedtest/ping`)).rejects.toThrow();
  });

  it('gives each start a new random token', async () => {
    const a = await startHeadlessProcess();
    const b = await startHeadlessProcess();
    expect(a.token).not.toBe(b.token);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('refuses a non-loopback address without --allow-remote, and warns with it', async () => {
    const refused = await runCli(['start', '--headless', '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/Refusing to listen on 0\.0\.0\.0.*--allow-remote/s);
    const host = await startHeadlessProcess(['--host', '0.0.0.0', '--allow-remote']);
    expect(host.output()).toMatch(/WARNING: the dashboard listens on 0\.0\.0\.0/);
    expect(await host.stop()).toBe(0);
  });

  it('serves a remote dashboard over TLS only, with the certificate whose fingerprint it printed, kept across starts', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gridhost-home-'));
    try {
      const printed: string[] = [];
      for (let start = 0; start < 2; start++) {
        const host = await startHeadlessProcess(['--host', '0.0.0.0', '--allow-remote'], { GRIDHOST_HOME: home });
        expect(host.dashboardUrl).toMatch(/^https:\/\//);
        const fingerprint = await printedLine(host.output, /TLS certificate SHA-256 fingerprint: ([0-9A-F:]{95})/);
        printed.push(fingerprint);
        const port = Number(new URL(host.dashboardUrl).port);
        expect(await servedFingerprint(port)).toBe(fingerprint);
        await expect(fetch(`http://127.0.0.1:${port}/api/session`)).rejects.toThrow();
        expect(await host.stop()).toBe(0);
      }
      expect(printed[1]).toBe(printed[0]);
      if (process.platform !== 'win32') expect((await stat(join(home, 'tls', 'dashboard-key.pem'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('explains usage errors with exit code 2 and lists commands on --help', async () => {
    expect(await runCli(['start', '--headless', '--port', 'eighty'])).toMatchObject({ code: 2, out: expect.stringMatching(/--port must be a number/) });
    expect(await runCli(['start', '--headless', '--grid', 'ftp://x'])).toMatchObject({ code: 2, out: expect.stringMatching(/--grid must be "local"/) });
    expect(await runCli(['start', '--bogus'])).toMatchObject({ code: 2, out: expect.stringMatching(/Unknown option '--bogus'/) });
    expect(await runCli(['frobnicate'])).toMatchObject({ code: 2, out: expect.stringMatching(/Unknown command: frobnicate/) });
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/start\s+Start the host/);
  });
});
