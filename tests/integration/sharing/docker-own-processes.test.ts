import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../../src/main/adapters/docker/docker-engine';
import { DockerOwnProcesses, pidsOfTop } from '../../../src/main/adapters/docker/docker-own-processes';
import { hostLabels, LABEL_JOB, LABEL_OP } from '../../../src/main/core/containers/container-names';
import { ensureTestImage } from '../../support/docker-images';
import { dockerAvailable } from '../../support/requirements';

const exec = promisify(execFile);
const docker = await dockerAvailable();
const hostId = `own-${randomUUID().slice(0, 8)}`;
const name = `gridhost-test-own-${hostId}`;

describe.runIf(docker)("our containers' processes, by docker top", () => {
  let engine: DockerEngine;
  beforeAll(async () => {
    const image = await ensureTestImage();
    const labels = Object.entries({ ...hostLabels(hostId), [LABEL_JOB]: 'j1', [LABEL_OP]: 'main' }).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    await exec('docker', ['run', '-d', '--name', name, ...labels, image, 'sh', '-c', 'sleep 300 & sleep 300']);
    engine = new DockerEngine();
    await engine.ping();
  }, 120_000);
  afterAll(async () => {
    await exec('docker', ['rm', '-f', name]).catch(() => undefined);
  });

  it("lists the host PIDs of every process in this installation's running containers, and nothing of others", async () => {
    const { stdout } = await exec('docker', ['inspect', '--format', '{{.State.Pid}}', name]);
    const reading = await new DockerOwnProcesses(engine, hostLabels(hostId)).pids();
    expect(reading.available).toBe(true);
    const pids = reading.available ? [...reading.value] : [];
    expect(pids).toContain(Number(stdout.trim()));
    expect(pids.length).toBeGreaterThanOrEqual(2); // sh runs one sleep in the background and becomes the other
    const other = await new DockerOwnProcesses(engine, hostLabels('someone-else')).pids();
    expect(other).toEqual({ available: true, value: new Set() });
  });
});

describe('docker top answers', () => {
  it('reads the PID column wherever it is', () => {
    expect(pidsOfTop({ Titles: ['UID', 'PID', 'PPID', 'CMD'], Processes: [['root', '4242', '1', 'sleep'], ['root', 'x', '1', '?']] })).toEqual([4242]);
    expect(pidsOfTop({})).toEqual([]);
  });
});
