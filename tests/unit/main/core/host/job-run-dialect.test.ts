import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJob, type JobRunDeps } from '../../../../../src/main/core/host/job-run';
import type { JobDefinition } from '../../../../../src/main/core/jobs/job-definition';
import { systemClock } from '../../../../../src/main/core/ports';
import { RecordingLogger } from '../../../../support/core-fakes';
import { FakeGridClient, FakeOpRunner, MemoryRunInFlightStore, until } from '../../../../support/host-fakes';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../../../fixtures/jobs', name), 'utf8')) as JobDefinition;

function deps(gpuVramMiB?: number | null): JobRunDeps & { client: FakeGridClient; runner: FakeOpRunner } {
  return {
    client: new FakeGridClient(),
    runner: new FakeOpRunner(),
    runState: new MemoryRunInFlightStore(),
    clock: systemClock,
    logger: new RecordingLogger(),
    heartbeatMs: 60_000,
    ...(gpuVramMiB === undefined ? {} : { gpuVram: async () => gpuVramMiB }),
  };
}

function start(d: ReturnType<typeof deps>, definition: JobDefinition) {
  const assignment = d.client.post(definition, { timeoutSeconds: 600, handOut: false });
  const saved = { runId: assignment.run.id, jobId: assignment.job.id, market: 'cpu-dev', opIds: [] };
  return { running: runJob(d, assignment, saved, new AbortController().signal), jobId: assignment.job.id };
}

describe('runJob: what the dialect says', () => {
  it('runs a depends_on chain one op after the other, each only once the one before it exited 0', async () => {
    const d = deps();
    const { running } = start(d, fixture('real-depends-chain.json'));
    await until(() => d.runner.started.length === 1, 'a to start');
    await new Promise((r) => setTimeout(r, 30));
    expect(d.runner.started.map((s) => s.opId)).toEqual(['a']);
    d.runner.exit('a', 0);
    await until(() => d.runner.started.length === 2, 'b to start');
    d.runner.exit('b', 0);
    await until(() => d.runner.started.length === 3, 'c to start');
    d.runner.exit('c', 0);
    const outcome = await running;
    expect(outcome.end).toMatchObject({ kind: 'finish' });
    expect(d.runner.started.map((s) => s.opId)).toEqual(['a', 'b', 'c']);
  });

  it('never starts an op whose dependency failed, and fails the job with that op\'s exit', async () => {
    const d = deps();
    const { running } = start(d, fixture('real-depends-chain.json'));
    await until(() => d.runner.started.length === 1, 'a to start');
    d.runner.exit('a', 3);
    const outcome = await running;
    expect(d.runner.started.map((s) => s.opId)).toEqual(['a']);
    expect(outcome.end).toMatchObject({ kind: 'fail', body: { fault: 'job', results: { ops: [{ id: 'a', status: 'failed', exitCode: 3 }] } } });
  });

  it('extracts results with their log types into the finish, and hands them to a later op as a literal', async () => {
    const d = deps();
    d.runner.output.set('a', ['port: 8080', 'port: 9090']);
    const { running } = start(d, fixture('real-results-literal.json'));
    await until(() => d.runner.started.length === 1, 'a to start');
    d.runner.exit('a', 0);
    await until(() => d.runner.started.length === 2, 'b to start');
    expect(d.runner.started[1]!.cmd).toEqual(['/bin/sh', '-c', 'echo 8080']);
    d.runner.exit('b', 0);
    const outcome = await running;
    expect(outcome.end).toMatchObject({ kind: 'finish', body: { results: { results: { a: { port: ['8080', '9090'] } } } } });
  });

  it('makes a create-volume volume for the job, mounts it in both ops, and removes it after the job', async () => {
    const d = deps();
    const { running, jobId } = start(d, fixture('real-create-volume.json'));
    await until(() => d.runner.started.length === 1, 'write to start');
    const volume = `gridhost-job-${jobId}-shared`;
    expect(d.runner.volumes.has(volume)).toBe(true);
    d.runner.exit('write', 0);
    await until(() => d.runner.started.length === 2, 'read to start');
    d.runner.exit('read', 0);
    await running;
    expect(d.runner.started.map((s) => s.volumes)).toEqual([[{ name: volume, target: '/data', writable: true }], [{ name: volume, target: '/data', writable: true }]]);
    expect(d.runner.volumes.size).toBe(0);
  });

  it('refuses a job that needs more VRAM than the GPU has, before any container, as the job\'s fault', async () => {
    const d = deps(4096);
    const { running } = start(d, fixture('real-gpu-vram.json'));
    const outcome = await running;
    expect(d.runner.started).toEqual([]);
    expect(outcome.end).toMatchObject({ kind: 'fail', body: { fault: 'job', reason: expect.stringContaining('needs 8 GiB of VRAM and its GPU has 4.0 GiB') } });
  });

  it('restarts a failing op as its restart_policy says, and no more', async () => {
    const d = deps();
    const { running } = start(d, fixture('real-restart-policy.json'));
    for (let i = 1; i <= 3; i++) {
      await until(() => d.runner.started.length === i, `try ${i}`);
      d.runner.exit('flaky', 1);
    }
    const outcome = await running;
    expect(d.runner.started).toHaveLength(3);
    expect(outcome.end).toMatchObject({ kind: 'fail', body: { fault: 'job' } });
  });
});
