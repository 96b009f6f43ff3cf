import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hostIdOf } from '../../../src/main/core/containers/container-names';
import { ensureTestImage } from '../../support/docker-images';
import { GRIDHOST_BIN } from '../../support/headless-process';
import { dockerAvailable } from '../../support/requirements';

const docker = promisify(execFile);
const hasDocker = await dockerAvailable();

function gridhost(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [GRIDHOST_BIN, ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe.skipIf(!hasDocker)('gridhost cleanup on the real Docker engine', () => {
  const homes: string[] = [];
  const others: string[] = [];
  afterAll(async () => {
    for (const name of others) await docker('docker', ['rm', '-f', name]).catch(() => undefined);
    await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
  });

  it("removes this installation's containers and volumes, and leaves another installation's", async () => {
    const image = await ensureTestImage();
    const home = await mkdtemp(join(tmpdir(), 'gridhost-cleanup-'));
    homes.push(home);
    const mine = ['--label', 'gridhost.managed=1', '--label', `gridhost.host=${hostIdOf(home)}`, '--label', 'gridhost.job=old-job'];
    const suffix = `${process.pid}-${Date.now()}`;
    await docker('docker', ['create', '--name', `gridhost-cleanup-mine-${suffix}`, ...mine, image, 'sleep', '60']);
    await docker('docker', ['volume', 'create', ...mine, `gridhost-cleanup-vol-${suffix}`]);
    const other = `gridhost-cleanup-other-${suffix}`;
    others.push(other);
    await docker('docker', ['create', '--name', other, '--label', 'gridhost.managed=1', '--label', 'gridhost.host=someone-else', image, 'sleep', '60']);

    const result = await gridhost(['cleanup'], { GRIDHOST_HOME: home });
    expect(result.out).toMatch(/Removed 1 container\(s\), 1 volume\(s\), 0 network\(s\) and 0 image\(s\)\./);
    expect(result.code).toBe(0);
    const left = (await docker('docker', ['ps', '-a', '--format', '{{.Names}}'])).stdout;
    expect(left).not.toContain(`gridhost-cleanup-mine-${suffix}`);
    expect(left).toContain(other);
    expect((await docker('docker', ['volume', 'ls', '--format', '{{.Name}}'])).stdout).not.toContain(`gridhost-cleanup-vol-${suffix}`);

    const again = await gridhost(['cleanup'], { GRIDHOST_HOME: home });
    expect(again.out).toContain('Nothing of GridHost was left in Docker.');
  });
});
