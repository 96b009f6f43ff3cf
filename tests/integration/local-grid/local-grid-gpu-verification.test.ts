import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GridClient } from '../../../src/main/core/grid/grid-client';
import type { BenchmarkReport, RunResults } from '../../../src/main/core/grid/protocol';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { verificationResults } from '../../support/grid/verified-enrollment';
import { startGridHarness, type GridHarness } from './grid-harness';

/** What the verification job printed, as the host reports it: the benchmark's JSON lines in the log tail. */
const measured = (fixture: string, exitCode = 0): RunResults => ({
  ...verificationResults(fixture),
  exitCode,
  ops: [{ id: 'verify-gpu', exitCode, status: exitCode === 0 ? 'success' : 'failed' }],
});

const rtx4090 = (): BenchmarkReport =>
  passingBenchmark({
    gpu: { name: 'NVIDIA GeForce RTX 4090', catalogueId: 'rtx-4090', market: 'nvidia-4090', vramMiB: 24564, driverVersion: '550.54.14', cudaVersion: '12.4', containerCheck: 'passed' },
  });

describe('local grid: a GPU market takes a node only once a verification job measured the GPU it claims', () => {
  let h: GridHarness;
  let client: GridClient;
  beforeEach(async () => {
    h = await startGridHarness({ verification: { image: 'gridhost-test/benchmark-stand-in:any', gpu: false } });
    client = h.client(makeTestSigner());
  });
  afterEach(async () => {
    await h.close();
  });

  it('a node claiming an RTX 4090 is not onboarded on its word: it waits, verifying, with a benchmark job to run', async () => {
    const status = await client.enroll(enrollmentWith(rtx4090()));
    expect(status).toMatchObject({ status: 'waitlisted', market: 'nvidia-4090', reason: expect.stringMatching(/^Verifying your GPU: .*RTX 4090/) });
    expect(status.verification).not.toBeNull();
    await expect(client.joinQueue()).rejects.toMatchObject({ code: 'not_onboarded' });

    const job = await client.job(status.verification!.jobId);
    expect(job).toMatchObject({ market: 'nvidia-4090', pricePerSecond: 0 });
    expect(job.definition).toMatchObject({ ops: [{ type: 'container/run', id: 'verify-gpu', args: { image: 'gridhost-test/benchmark-stand-in:any', gpu: false } }] });
    expect(await client.run(status.verification!.runId)).toMatchObject({ state: 'running', jobId: job.id });
    // Asking again hands out the same job, not another.
    expect((await client.nodeStatus()).verification).toEqual(status.verification);
  });

  it('rejects it, with the reason, when the job measures an RTX 3060', async () => {
    const { verification } = await client.enroll(enrollmentWith(rtx4090()));
    await client.finish(verification!.runId, measured('rtx-3060'));
    const status = await client.nodeStatus();
    expect(status).toMatchObject({ status: 'rejected', verification: null });
    expect(status.reason).toMatch(/^Rejected: the GPU verification job measured NVIDIA GeForce RTX 3060 \(11\.6 GiB\), not the NVIDIA GeForce RTX 4090 this machine reported/);
    await expect(client.joinQueue()).rejects.toMatchObject({ code: 'not_onboarded' });
  });

  it('onboards it in its market when the job measures the card it claimed (a power-capped one included)', async () => {
    const { verification } = await client.enroll(enrollmentWith(rtx4090()));
    await client.finish(verification!.runId, measured('rtx-4090-power-capped'));
    expect(await client.nodeStatus()).toMatchObject({ status: 'onboarded', market: 'nvidia-4090', reason: null, verification: null });
    expect(await client.joinQueue()).toMatchObject({ market: 'nvidia-4090', queued: true });
  });

  it('rejects a card of the claimed name whose throughput is far below it', async () => {
    const { verification } = await client.enroll(enrollmentWith(rtx4090()));
    const slow = measured('rtx-4090-power-capped');
    slow.logTail = slow.logTail.replace(/"test":"fp16_tensor","run":(\d),"value":[\d.]+/g, '"test":"fp16_tensor","run":$1,"value":60.0');
    await client.finish(verification!.runId, slow);
    expect(await client.nodeStatus()).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/FP16 tensor throughput 60 TFLOPS, below the 148\.5 TFLOPS/) });
  });

  it('keeps a node waitlisted, with what to do, when the job measured nothing', async () => {
    const { verification } = await client.enroll(enrollmentWith());
    await client.finish(verification!.runId, measured('failed-mid-run', 139));
    expect(await client.nodeStatus()).toMatchObject({
      status: 'waitlisted',
      verification: null,
      reason: expect.stringMatching(/did not finish its benchmark \(GPU 0: fp32 gemm: an illegal memory access was encountered\); .*enroll again/),
    });
  });

  it('sends a new verification job when the last one was quit or expired', async () => {
    const first = (await client.enroll(enrollmentWith())).verification!;
    await client.quit(first.runId, 'owner paused sharing');
    const second = (await client.nodeStatus()).verification!;
    expect(second.runId).not.toBe(first.runId);
    await client.finish(second.runId, measured('rtx-3060'));
    expect(await client.nodeStatus()).toMatchObject({ status: 'onboarded', market: 'nvidia-3060' });
    // The first job's late results change nothing.
    await expect(client.finish(first.runId, measured('rtx-3060'))).rejects.toMatchObject({ code: 'run_closed' });
  });

  it('needs no verification for a machine without a GPU (cpu-dev), nor once an operator approved it', async () => {
    expect(await client.enroll(enrollmentWith(passingBenchmark({ gpu: null })))).toMatchObject({ status: 'onboarded', market: 'cpu-dev', verification: null });
    const other = h.client(makeTestSigner());
    await other.enroll(enrollmentWith());
    const { address } = await other.nodeStatus();
    h.grid.transaction(() => h.grid.coordinator.approve(address));
    expect(await other.nodeStatus()).toMatchObject({ status: 'onboarded', market: 'nvidia-3060', verification: null });
  });
});
