import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHostStores } from '../../../../../src/main/adapters/sqlite/host-stores';
import { JobEnergyMeter } from '../../../../../src/main/core/earnings/job-energy-meter';
import type { JobsSnapshot } from '../../../../../src/shared/contract/grid';
import { RecordingLogger } from '../../../../support/core-fakes';

const running = (runId: string): JobsSnapshot => ({
  current: { jobId: `job-${runId}`, runId, market: 'nvidia-3060', startedAt: '2026-11-10T10:00:00.000Z', pricePerSecond: '100', timeoutSeconds: 600 },
  history: [],
  nextBefore: null,
});
const idle: JobsSnapshot = { current: null, history: [], nextBefore: null };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('job energy meter', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridhost-energy-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('integrates the power sampled during a run, and the ledger row takes it when the run\'s end is recorded', async () => {
    const stores = openHostStores(dir, new RecordingLogger());
    let now = 1_000_000;
    const readings = [200, 300];
    const meter = new JobEnergyMeter({ watts: async () => readings.shift() ?? null }, stores.ledger, { now: () => now }, new RecordingLogger(), 3_600_000);
    meter.onJobs(running('run-1'));
    await settle();
    now += 36_000; // 36 s from 200 W to 300 W: 250 W on average, 2.5 Wh
    meter.onJobs(idle);
    await settle();
    stores.ledger.put({
      runId: 'run-1', jobId: 'job-run-1', market: 'nvidia-3060', outcome: 'finished', startedAt: '2026-11-10T10:00:00.000Z', endedAt: '2026-11-10T10:00:36.000Z',
      secondsRun: 36, secondsPaid: 36, pricePerSecond: 100, amount: 3600, status: 'pending', settledAt: null, exitCode: 0, note: null,
    });
    expect(stores.ledger.page({ limit: 1, before: null }).entries[0]?.energyWh).toBeCloseTo(2.5, 6);
    // A CPU job (no GPU power to read) keeps none: its energy is the whole-machine estimate.
    meter.onJobs(running('run-2'));
    await settle();
    now += 10_000;
    meter.onJobs(idle);
    await settle();
    stores.ledger.recordEnergy('run-3', 1); // a row not written yet: taken when it is
    expect(stores.ledger.sums([{ startMs: 0, endMs: Number.MAX_SAFE_INTEGER }], 150)).toEqual([{ gross: 3600, energyWh: 2.5, jobs: 1 }]);
    stores.close();
  });
});
