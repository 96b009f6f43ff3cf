import { beforeEach, describe, expect, it } from 'vitest';
import type { BenchmarkResult } from '../../../../src/shared/contract/gpu';
import { eventSamples, requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { benchmarkResultSample, detectionReportSample } from '../../../support/gpu/gpu-contract-samples';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const snapshot = requestSamples['gpu.snapshot'].result;
const progress = eventSamples['gpu.benchmark.progress'];
const newer: BenchmarkResult = { ...benchmarkResultSample, id: 'run-2', startedAt: '2026-11-26T10:00:00.000Z' };

describe('the GPU store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/gpu-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/gpu-store')));
  });
  const state = () => store.useGpuStore.getState();

  it('shows the snapshot at once and detects nothing when the host has a report', async () => {
    fake.answer('gpu.snapshot', snapshot);
    await store.gpuActions.load();
    expect(state()).toMatchObject({ report: detectionReportSample, runningId: null, history: [benchmarkResultSample], error: null });
    expect(fake.methods()).toEqual(['gpu.snapshot']);
  });

  it('runs a first detection when the host has none yet', async () => {
    fake.answer('gpu.snapshot', { ...snapshot, report: null }).answer('gpu.detect', detectionReportSample);
    await store.gpuActions.load();
    expect(fake.methods()).toEqual(['gpu.snapshot', 'gpu.detect']);
    expect(state()).toMatchObject({ report: detectionReportSample, detecting: false });
  });

  it('is "detecting" while a check runs, and shows why one failed', async () => {
    const detect = fake.hold('gpu.detect');
    const running = store.gpuActions.detect();
    await Promise.resolve();
    expect(state().detecting).toBe(true);
    detect.reject('nvidia-smi did not answer within 10 s.');
    await running;
    expect(state()).toMatchObject({ detecting: false, error: 'nvidia-smi did not answer within 10 s.', report: null });
  });

  it('starts a benchmark of the parts asked for (all by default) and follows its progress to the result', async () => {
    fake.answer('gpu.snapshot', snapshot).answer('gpu.benchmark.start', { runId: 'run-2' });
    await store.gpuActions.load();
    await store.gpuActions.startBenchmark(['gpu']);
    await store.gpuActions.startBenchmark();
    expect(fake.calls.filter((c) => c.method === 'gpu.benchmark.start').map((c) => c.params)).toEqual([{ parts: ['gpu'] }, {}]);
    expect(state().runningId).toBe('run-2');
    fake.emit('gpu.benchmark.progress', { ...progress, runId: 'run-2', percent: 10 });
    fake.emit('gpu.benchmark.progress', { ...progress, runId: 'run-2', percent: 57 });
    expect(state().progress).toMatchObject({ runId: 'run-2', percent: 57 });
    fake.emit('gpu.benchmark.finished', newer);
    expect(state()).toMatchObject({ runningId: null, progress: null, history: [newer, benchmarkResultSample] });
    // The same result pushed again replaces its entry rather than adding one.
    fake.emit('gpu.benchmark.finished', newer);
    expect(state().history).toEqual([newer, benchmarkResultSample]);
  });

  it('keeps a cancelled run out of the history, as the host does', async () => {
    fake.answer('gpu.snapshot', { ...snapshot, benchmark: { runningId: 'run-2', history: [benchmarkResultSample] } }).answer('gpu.benchmark.cancel', { cancelled: true });
    await store.gpuActions.load();
    await store.gpuActions.cancelBenchmark();
    expect(fake.calls.at(-1)).toEqual({ method: 'gpu.benchmark.cancel', params: { runId: 'run-2' } });
    fake.emit('gpu.benchmark.finished', { ...newer, outcome: 'cancelled' });
    expect(state()).toMatchObject({ runningId: null, history: [benchmarkResultSample], error: null });
  });

  it('cancels nothing when no benchmark runs, and shows a refused start', async () => {
    await store.gpuActions.cancelBenchmark();
    expect(fake.calls).toEqual([]);
    fake.fail('gpu.benchmark.start', 'A benchmark is already running.');
    await store.gpuActions.startBenchmark();
    expect(state()).toMatchObject({ runningId: null, error: 'A benchmark is already running.' });
  });

  it('applies a pushed detection and listens once across reloads', async () => {
    fake.answer('gpu.snapshot', snapshot);
    await store.gpuActions.load();
    await store.gpuActions.load();
    const eligible = { ...detectionReportSample, eligible: true };
    fake.emit('gpu.detected', eligible);
    expect(state().report).toEqual(eligible);
    expect(fake.listenerCount('gpu.detected')).toBe(1);
  });
});
