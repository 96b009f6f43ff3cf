import { describe, expect, it } from 'vitest';
import type { ExposedService } from '../../../../../src/main/core/jobs/exposed-service';
import { runJob, type JobRunDeps } from '../../../../../src/main/core/host/job-run';
import { systemClock } from '../../../../../src/main/core/ports';
import { sampleServiceJob } from '../../../../../tools/local-grid/sample-job';
import { RecordingLogger } from '../../../../support/core-fakes';
import { FakeGridClient, FakeOpRunner, MemoryRunInFlightStore, until } from '../../../../support/host-fakes';

/** A hand-written ServiceRelay port: records what it was asked to serve; the test says when checks pass or fail. */
class FakeServices {
  started: { jobId: string; opId: string; services: ExposedService[] }[] = [];
  stopped = 0;
  private fail: (reason: string) => void = () => undefined;
  private pass: () => void = () => undefined;
  start(jobId: string, opId: string, services: ExposedService[]) {
    this.started.push({ jobId, opId, services });
    return {
      healthy: new Promise<void>((resolve) => (this.pass = resolve)),
      failed: new Promise<string>((resolve) => (this.fail = resolve)),
      stop: () => void (this.stopped += 1),
    };
  }
  checksPass() {
    this.pass();
  }
  checkFails(reason: string) {
    this.fail(reason);
  }
}

/** Lets every pending callback and timer of this turn run, so that whatever was going to start has started. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A service op with an HTTP health check, and a client op of the same group that depends on it. */
const serviceAndClient = {
  version: '0.1',
  type: 'container',
  ops: [
    {
      type: 'container/run',
      id: 'api',
      execution: { group: 'serve' },
      args: {
        image: 'busybox',
        aliases: ['models'],
        expose: [{ port: 8080, type: 'api', health_checks: [{ type: 'http', path: '/health', method: 'GET', expected_status: 200, continuous: false }] }],
      },
    },
    { type: 'container/run', id: 'client', args: { image: 'busybox', cmd: 'wget -qO- http://models:8080/answer' }, execution: { group: 'serve', depends_on: ['api'] } },
  ],
};

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

  it('starts an op that depends on a service only once the service passed its health checks', async () => {
    const { d, services } = deps();
    const assignment = d.client.post(serviceAndClient, { handOut: false });
    const running = runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    await until(() => services.started.length === 1, 'the service to be checked');
    await settle();
    // The service's container runs, its checks have not passed: the client waits.
    expect(d.runner.started.map((s) => s.opId)).toEqual(['api']);
    services.checksPass();
    await until(() => d.runner.started.length === 2, 'the client to start');
    expect(d.runner.started[1]).toMatchObject({ opId: 'client', jobNetwork: true, aliases: [] });
    expect(d.runner.started[0]).toMatchObject({ opId: 'api', jobNetwork: true, aliases: ['models'] });
    d.runner.exit('client', 0);
    d.runner.exit('api', 0);
    expect((await running).end).toMatchObject({ kind: 'finish' });
    // The job's network goes with the job.
    expect(d.runner.networksRemoved).toEqual([assignment.job.id]);
  });

  it('never starts the dependent op when the service fails its checks before passing them', async () => {
    const { d, services } = deps();
    const assignment = d.client.post(serviceAndClient, { handOut: false });
    const running = runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    await until(() => services.started.length === 1, 'the service to be checked');
    services.checkFails('health check GET /health on port 8080 answered 503, expected 200');
    expect((await running).end).toMatchObject({ kind: 'fail', body: { fault: 'job' } });
    expect(d.runner.started.map((s) => s.opId)).toEqual(['api']);
    expect(d.runner.networksRemoved).toEqual([assignment.job.id]);
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
