import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GridClient } from '../../../src/main/core/grid/grid-client';
import type { NodeSigner } from '../../../src/main/core/ports';
import { startLocalGrid, type LocalGrid, type LocalGridOptions } from '../../../tools/local-grid/local-grid';
import { TestClock } from '../../support/grid/test-clock';
import { makeTestSigner } from '../../support/grid/test-node-signer';

/** A real local grid on a free port with its own SQLite file, and a clock the test moves. */
export interface GridHarness {
  grid: LocalGrid;
  dbPath: string;
  clock: TestClock;
  client(signer?: NodeSigner): GridClient;
  /** Stops the grid and starts it again on the same SQLite file and port (signatures cover the grid's origin). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startGridHarness(options: Partial<LocalGridOptions> = {}): Promise<GridHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gridhost-local-grid-'));
  const dbPath = join(dir, 'grid.sqlite');
  const clock = new TestClock(Date.parse('2026-11-25T12:00:00.000Z'));
  const start = (port = 0) =>
    startLocalGrid({
      port,
      dbPath,
      feeder: false,
      now: () => clock.now(),
      sweepIntervalMs: 3_600_000,
      ...options,
    });
  const harness: GridHarness = {
    grid: await start(),
    dbPath,
    clock,
    client: (signer = makeTestSigner()) =>
      new GridClient({ baseUrl: harness.grid.url, signer, clock, fetch, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } }),
    async restart() {
      const port = Number(new URL(harness.grid.url).port);
      await harness.grid.close();
      harness.grid = await start(port);
    },
    async close() {
      await harness.grid.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
