import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestImage } from '../../support/docker-images';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, uniqueJob, type Harness } from './harness';

const hasDocker = await dockerAvailable();

describe.skipIf(!hasDocker)('reconcile after a crash', () => {
  let image: string;
  let crashed: Harness;
  let restarted: Harness;
  let neighbour: Harness;
  const hostId = uniqueJob('installation');

  beforeAll(async () => {
    image = await ensureTestImage();
    crashed = await createHarness({ hostId });
    neighbour = await createHarness();
  });
  afterAll(async () => {
    await restarted?.close();
    await neighbour?.close();
    await rm(crashed.logDir, { recursive: true, force: true });
  });

  it('a new supervisor removes the containers, volumes and networks of jobs no one owns, and keeps the live job and other installations\' containers', async () => {
    const orphan = uniqueJob('orphan');
    const live = uniqueJob('live');
    // What a crashed host leaves behind: a running op with a port (its network and port proxy), a finished op, a job volume.
    await crashed.runHardened({ jobId: orphan, opId: 'srv', image, expose: [9000], cmd: ['sleep', '600'] });
    const finished = await crashed.runHardened({ jobId: orphan, opId: 'done', image, cmd: ['true'] });
    await finished.exited;
    await crashed.engine.createVolume(`gridhost-test-${orphan}`, { 'gridhost.managed': '1', 'gridhost.host': hostId, 'gridhost.job': orphan });
    // Another installation on the same engine (another data folder) runs a job no one here knows about.
    const other = await neighbour.runHardened({ jobId: uniqueJob('neighbour'), opId: 'main', image, cmd: ['sleep', '600'] });
    const kept = await crashed.runHardened({ jobId: live, opId: 'main', image, cmd: ['sleep', '600'] });
    crashed.supervisor.close(); // the "crash": nothing is stopped

    restarted = await createHarness({ hostId });
    const report = await restarted.supervisor.reconcile([live]);
    // The op with a port left its port proxy, the proxy's network and the job's network too.
    expect(report.containers.sort()).toEqual([`gridhost-${orphan}-done`, `gridhost-${orphan}-srv`, `gridhost-${orphan}-srv-ports`]);
    expect(report.volumes).toContain(`gridhost-test-${orphan}`);
    expect(report.networks.sort()).toEqual([`gridhost-${orphan}-srv-ports-net`, `gridhost-jobnet-${orphan}`].sort());

    expect(await restarted.engine.listContainers({ 'gridhost.job': orphan })).toEqual([]);
    expect(await restarted.engine.listVolumes({ 'gridhost.job': orphan })).toEqual([]);
    expect(await restarted.engine.listNetworks({ 'gridhost.job': orphan })).toEqual([]);
    const survivor = await restarted.engine.inspectContainer(kept.containerId);
    expect(survivor?.running).toBe(true);
    expect((await restarted.engine.inspectContainer(other.containerId))?.running).toBe(true);

    // Once the live job is over too, the next reconcile takes it as well.
    const second = await restarted.supervisor.reconcile([]);
    expect(second.containers).toEqual([`gridhost-${live}-main`]);
    await expect(restarted.engine.inspectContainer(kept.containerId)).resolves.toBeNull();
  });
});
