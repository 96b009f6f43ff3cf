import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GridParts } from '../../../src/main/core/grid/grid-parts';
import type { HostLoop } from '../../../src/main/core/host/host-loop';
import { startLocalGrid, type LocalGrid, type LocalGridOptions } from '../../../tools/local-grid/local-grid';
import { buildGridHost } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { createHarness, type Harness } from '../containers/harness';

export interface DockerGridHost {
  dir: string;
  grid: LocalGrid;
  containers: Harness;
  core: HostLoop;
  services: GridParts;
  signer: ReturnType<typeof makeTestSigner>;
  close(): Promise<void>;
}

/** A local grid, a host loop over a real container supervisor, on a fresh folder: the whole loop on one machine. */
export async function startDockerGridHost(feeder: LocalGridOptions['feeder']): Promise<DockerGridHost> {
  const signer = makeTestSigner();
  const dir = mkdtempSync(join(tmpdir(), 'gridhost-loop-docker-'));
  const grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder });
  const containers = await createHarness();
  const { host: core, grid: services } = buildGridHost({
    url: () => grid.url,
    signer,
    runner: containers.supervisor,
    dataDir: dir,
    loop: { waitMs: 1000, heartbeatMs: 500 },
    sharing: 'always',
  });
  return {
    dir,
    grid,
    containers,
    core,
    services,
    signer,
    close: async () => {
      await core.stop();
      await containers.close();
      await grid.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
