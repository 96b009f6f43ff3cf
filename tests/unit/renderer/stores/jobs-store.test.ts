import { beforeEach, describe, expect, it } from 'vitest';
import type { JobsSnapshot } from '../../../../src/shared/contract/grid';
import { eventSamples, requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const running = requestSamples['jobs.list'].result;
const current = running.current!;
const nextJob: JobsSnapshot = { ...running, current: { ...current, jobId: 'job-2', runId: 'run-2' } };
const log = (jobId: string, text: string) => ({ ...eventSamples['containers.log'], jobId, entries: [{ stream: 'stdout' as const, text }] });
const pull = (percent: number) => ({ ...eventSamples['containers.pull.progress'], progress: { ...eventSamples['containers.pull.progress'].progress, percent } });

describe('the jobs store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/jobs-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/jobs-store')));
    fake.answer('jobs.list', running);
  });
  const state = () => store.useJobsStore.getState();

  it('loads the jobs and keeps the running job output in order, ignoring other jobs', async () => {
    await store.jobsActions.load();
    expect(state()).toMatchObject({ jobs: running, output: [], pull: null, error: null });
    fake.emit('containers.log', log(current.jobId, 'step 1'));
    fake.emit('containers.log', log('job-old', 'late line of an old job'));
    fake.emit('containers.log', log(current.jobId, 'step 2'));
    expect(state().output.map((l) => l.text)).toEqual(['step 1', 'step 2']);
  });

  it("follows the running job's model resources, one row per op and target, and forgets them with the job", async () => {
    await store.jobsActions.load();
    const progress = (state: 'downloading' | 'ready', receivedBytes: number, jobId = current.jobId) => ({ ...eventSamples['jobs.resource.progress'], jobId, state, receivedBytes });
    fake.emit('jobs.resource.progress', progress('downloading', 1024));
    fake.emit('jobs.resource.progress', progress('downloading', 1024, 'job-old'));
    fake.emit('jobs.resource.progress', progress('ready', 4096));
    expect(state().resources).toEqual([expect.objectContaining({ state: 'ready', receivedBytes: 4096, target: '/models/tiny' })]);
    fake.emit('jobs.changed', nextJob);
    expect(state().resources).toEqual([]);
  });

  it('keeps only the last 200 lines', async () => {
    await store.jobsActions.load();
    for (let i = 0; i < 205; i++) fake.emit('containers.log', log(current.jobId, `line ${i}`));
    expect(state().output).toHaveLength(200);
    expect(state().output[0]!.text).toBe('line 5');
    expect(state().output.at(-1)!.text).toBe('line 204');
  });

  it('shows the image download until the container starts, and starts a new job with empty output', async () => {
    await store.jobsActions.load();
    fake.emit('containers.pull.progress', pull(31));
    fake.emit('containers.pull.progress', pull(64));
    expect(state().pull).toEqual({ reference: 'docker.io/org/llama:1', percent: 64, downloadedBytes: 1_048_576, totalBytes: 4_194_304 });
    fake.emit('containers.started', { ...eventSamples['containers.started'], jobId: 'job-other' });
    expect(state().pull).not.toBeNull();
    fake.emit('containers.started', { ...eventSamples['containers.started'], jobId: current.jobId });
    expect(state().pull).toBeNull();

    fake.emit('containers.log', log(current.jobId, 'step 1'));
    fake.emit('containers.pull.progress', pull(10));
    fake.emit('jobs.changed', running);
    expect(state().output).toHaveLength(1);
    fake.emit('jobs.changed', nextJob);
    expect(state()).toMatchObject({ jobs: nextJob, output: [], pull: null });
  });

  it('ignores an image download while no job runs', async () => {
    fake.answer('jobs.list', { ...running, current: null });
    await store.jobsActions.load();
    fake.emit('containers.pull.progress', pull(50));
    expect(state().pull).toBeNull();
  });

  it('shows a failed read, reloads after a reconnection, and listens once', async () => {
    fake.fail('jobs.list', 'The host is stopping.');
    await store.jobsActions.load();
    expect(state()).toMatchObject({ jobs: null, error: 'The host is stopping.' });
    fake.answer('jobs.list', running);
    await store.jobsActions.load();
    expect(state()).toMatchObject({ jobs: running, error: null });
    expect(fake.listenerCount('containers.log')).toBe(1);
    expect(fake.listenerCount('jobs.changed')).toBe(1);
  });

  it('shows older pages, and follows the ledger when a job ends or settles without losing them', async () => {
    const row = (n: number) => ({ ...running.history[0]!, runId: `run-${n}`, endedAt: new Date(Date.UTC(2026, 10, 25, 10, 0, n)).toISOString() });
    const rows = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => row(from - i));
    fake.answer('jobs.list', { current: null, history: rows(9, 8), nextBefore: 'c-8' });
    await store.jobsActions.load();
    fake.answer('jobs.list', { current: null, history: rows(7, 6), nextBefore: null });
    await store.jobsActions.loadOlder();
    expect(fake.calls.at(-1)).toEqual({ method: 'jobs.list', params: { before: 'c-8' } });
    expect(state().jobs).toMatchObject({ nextBefore: null });
    expect(state().jobs!.history.map((j) => j.runId)).toEqual(['run-9', 'run-8', 'run-7', 'run-6']);

    // A job ends: jobs.changed carries the newest page; a settlement comes as earnings.changed.
    fake.emit('jobs.changed', { current: null, history: rows(10, 9), nextBefore: 'c-9' });
    expect(state().jobs!.history.map((j) => j.runId)).toEqual(['run-10', 'run-9', 'run-8', 'run-7', 'run-6']);
    const settledRow = { ...row(10), status: 'settled' as const, settledAt: '2026-11-26T00:00:00.000Z' };
    fake.emit('earnings.changed', { ...eventSamples['earnings.changed'], entries: [settledRow, row(9)], nextBefore: 'c-9' });
    expect(state().jobs!.history[0]).toMatchObject({ runId: 'run-10', status: 'settled' });
    expect(state().jobs!.history).toHaveLength(5);
  });
});
