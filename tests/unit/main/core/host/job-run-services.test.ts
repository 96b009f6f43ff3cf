import { describe, expect, it } from 'vitest';
import type { ExposedService } from '../../../../../src/main/core/jobs/exposed-service';
import { runJob, type JobRunDeps } from '../../../../../src/main/core/host/job-run';
import { systemClock } from '../../../../../src/main/core/ports';
import { sampleServiceJob } from '../../../../../tools/local-grid/sample-job';
import { RecordingLogger } from '../../../../support/core-fakes';
import { FakeGridClient, FakeOpRunner, MemoryRunInFlightStore, until } from '../../../../support/host-fakes';

/** A hand-written ServiceRelay port: records what it was asked to serve; the test says when a check fails. */
class FakeServices {
  started: { jobId: string; opId: string; services: ExposedService[] }[] = [];
  stopped = 0;
  private fail: (reason: string) => void = () => undefined;
  start(jobId: string, opId: string, services: ExposedService[]) {
    this.started.push({ jobId, opId, services });
    return { failed: new Promise<string>((resolve) => (this.fail = resolve)), stop: () => void (this.stopped += 1) };
  }
  checkFails(reason: string) {
    this.fail(reason);
  }
}

function deps() {
  const services = new FakeServices();
  const d: JobRunDeps & { client: FakeGridClient; runner: FakeOpRunner } = {
    client: new FakeGridClient(),
    runner: new FakeOpRunner(),
    runState: new MemoryRunInFlightStore(),
    clock: systemClock,
    logger: new RecordingLogger(),
    heartbeatMs: 60_000,
    services,
  };
  return { d, services };
}

const definition = sampleServiceJob({ image: 'docker.io/library/busybox:1.36', durationSeconds: 5, gpu: false });
const saved = (runId: string, jobId: string) => ({ runId, jobId, market: 'cpu-dev', opIds: [] });

describe('runJob with exposed services', () => {
  it('serves the op\'s exposed service with its health checks, and a failing check fails the job as its fault', async () => {
    const { d, services } = deps();
    const assignment = d.client.post(definition, { handOut: false });
    const running = runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    await until(() => services.started.length === 1, 'the service to be served');
    expect(services.started[0]).toMatchObject({
      jobId: assignment.job.id,
      opId: 'serve',
      services: [{ port: 8080, type: 'api', healthChecks: [{ type: 'http', path: '/health', expected_status: 200, continuous: true }] }],
    });
    expect(d.runner.started[0]?.expose).toEqual([8080]);
    services.checkFails('health check GET /health on port 8080 answered 500, expected 200');
    const outcome = await running;
    expect(outcome.end).toMatchObject({ kind: 'fail', body: { fault: 'job', reason: 'Health check failed: health check GET /health on port 8080 answered 500, expected 200' } });
    expect(d.runner.stopped).toEqual([`${assignment.job.id}/serve`]);
    expect(services.stopped).toBe(1);
  });

  it('finishes normally when the service exits while healthy, and stops serving it', async () => {
    const { d, services } = deps();
    const assignment = d.client.post(definition, { handOut: false });
    const running = runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    await until(() => services.started.length === 1, 'the service to be served');
    d.runner.exit('serve', 0);
    expect((await running).end).toMatchObject({ kind: 'finish' });
    expect(services.stopped).toBe(1);
  });
});
