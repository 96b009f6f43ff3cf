import { describe, expect, it } from 'vitest';
import { runJob, type JobRunDeps } from '../../../../../src/main/core/host/job-run';
import { validateJobDefinition } from '../../../../../src/main/core/jobs/job-policy';
import { systemClock } from '../../../../../src/main/core/ports';
import type { ModelResource } from '../../../../../src/main/core/resources/model-resource';
import type { OpResourcePreparer } from '../../../../../src/main/core/resources/op-resources';
import { ResourceError } from '../../../../../src/main/core/resources/resource-error';
import { RecordingLogger } from '../../../../support/core-fakes';
import { FakeGridClient, FakeOpRunner, MemoryRunInFlightStore } from '../../../../support/host-fakes';

/** A model cache that mounts every resource as `vol-<repo>`, or fails with `error`; it records what it holds. */
class FakePreparer implements OpResourcePreparer {
  error: ResourceError | null = null;
  held = 0;
  asked: ModelResource[] = [];
  async prepare(_jobId: string, _opId: string, resources: ModelResource[]) {
    this.asked.push(...resources);
    if (this.error) throw this.error;
    this.held++;
    return { volumes: resources.map((r) => ({ name: `vol-${r.key}`, target: r.target })), release: () => void this.held-- };
  }
}

const definition = {
  version: '0.1',
  type: 'container',
  ops: [{ type: 'container/run', id: 'infer', args: { image: 'docker.io/library/busybox:1.36', cmd: 'cat /models/tiny/config.json', resources: [{ type: 'HF', repo: 'acme/tiny', target: '/models/tiny' }] } }],
};

function deps(resources: FakePreparer): JobRunDeps & { client: FakeGridClient; runner: FakeOpRunner } {
  return { client: new FakeGridClient(), runner: new FakeOpRunner(), runState: new MemoryRunInFlightStore(), clock: systemClock, logger: new RecordingLogger(), heartbeatMs: 60_000, resources };
}

const saved = (runId: string, jobId: string) => ({ runId, jobId, market: 'nvidia-3060', opIds: [] });

describe("runJob and an op's model resources", () => {
  it('mounts the resources before the op starts and releases them when it ends', async () => {
    const preparer = new FakePreparer();
    const d = deps(preparer);
    const assignment = d.client.post(definition, { handOut: false });
    const running = runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(preparer.asked.map((r) => r.label)).toEqual(['HF acme/tiny@main']);
    expect(d.runner.started[0]!.volumes).toEqual([{ name: `vol-${preparer.asked[0]!.key}`, target: '/models/tiny' }]);
    expect(preparer.held).toBe(1);
    d.runner.exit('infer', 0);
    expect((await running).end).toMatchObject({ kind: 'finish' });
    expect(preparer.held).toBe(0);
  });

  it('fails the job with the reason and whose fault when a resource cannot be fetched, starting nothing', async () => {
    const preparer = new FakePreparer();
    preparer.error = new ResourceError('job', 'The Hugging Face repository acme/tiny@main does not exist (HTTP 404).');
    const d = deps(preparer);
    const assignment = d.client.post(definition, { handOut: false });
    const outcome = await runJob(d, assignment, saved(assignment.run.id, assignment.job.id), new AbortController().signal);
    expect(d.runner.started).toEqual([]);
    expect(outcome.end).toMatchObject({
      kind: 'fail',
      body: { fault: 'job', reason: 'The job could not start: The Hugging Face repository acme/tiny@main does not exist (HTTP 404).', results: { ops: [{ id: 'infer', status: 'failed' }] } },
    });
  });

  it('refuses an Ollama resource in the definition, with its path', () => {
    const ollama = { ...definition, ops: [{ ...definition.ops[0]!, args: { ...definition.ops[0]!.args, resources: [{ type: 'Ollama', model: 'llama3' }] } }] };
    const validation = validateJobDefinition(ollama);
    expect(validation).toMatchObject({ ok: false, problems: [{ path: 'ops[0].args.resources', code: 'unsupported', message: expect.stringContaining('does not fetch Ollama models') }] });
  });
});
