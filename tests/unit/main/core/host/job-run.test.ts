import { describe, expect, it } from 'vitest';
import { MAX_JOB_TIMEOUT_SECONDS } from '../../../../../src/main/core/grid/protocol';
import { runJob, type JobRunDeps } from '../../../../../src/main/core/host/job-run';
import { systemClock } from '../../../../../src/main/core/ports';
import { sampleInferenceJob } from '../../../../../tools/local-grid/sample-job';
import { RecordingLogger } from '../../../../support/core-fakes';
import { FakeGridClient, FakeOpRunner, MemoryRunInFlightStore } from '../../../../support/host-fakes';

const DAY_S = 24 * 3600;

function deps(): JobRunDeps & { client: FakeGridClient; runner: FakeOpRunner } {
  const logger = new RecordingLogger();
  return {
    client: new FakeGridClient(),
    runner: new FakeOpRunner(),
    runState: new MemoryRunInFlightStore(),
    clock: systemClock,
    logger,
    heartbeatMs: 60_000,
  };
}

const definition = sampleInferenceJob({ image: 'docker.io/library/busybox:1.36', durationSeconds: 1, gpu: false });
const saved = (runId: string, jobId: string) => ({ runId, jobId, market: 'nvidia-3060', opIds: [] });

describe('runJob and long timeouts', () => {
  it('refuses a job whose timeout is beyond the longest a market may set, without starting it', async () => {
    const d = deps();
    const assignment = d.client.post(definition, { timeoutSeconds: 30 * DAY_S, handOut: false });
    const outcome = await runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    expect(d.runner.started).toEqual([]);
    // Refused as the job's fault (the grid that posted it broke the protocol), with the reason, sent by the loop.
    expect(outcome.end).toMatchObject({ kind: 'fail', body: { fault: 'job', reason: expect.stringMatching(/^Refused: The job's timeout \(30 days\) is longer than/) } });
    expect(outcome.failure?.cause).toMatch(/longer than the 7 days a market may set/);
    expect(d.client.calls).toEqual([]);
  });

  it('runs a job whose deadline lies more than 24.8 days ahead instead of stopping it at once', async () => {
    const d = deps();
    const assignment = d.client.post(definition, { timeoutSeconds: MAX_JOB_TIMEOUT_SECONDS, handOut: false });
    // A grid's deadline beyond setTimeout's reach (2^31 - 1 ms): the job must keep running.
    const farDeadline = { ...assignment, run: { ...assignment.run, deadline: new Date(Date.now() + 25 * DAY_S * 1000).toISOString() } };
    const stop = new AbortController();
    const running = runJob(d, farDeadline, saved(assignment.run.id, assignment.job.id), stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(d.runner.started).toHaveLength(1);
    expect(d.runner.stopped).toEqual([]);
    d.runner.exit('infer', 0);
    const outcome = await running;
    expect(outcome.end).toMatchObject({ kind: 'finish', body: { results: { ops: [{ id: 'infer', exitCode: 0, status: 'success' }] } } });
  });
});
