import { beforeEach, describe, expect, it } from 'vitest';
import { requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const recent = requestSamples['logs.recent'].result;
const saved = requestSamples['logs.bundle.export'].result;
const report = requestSamples['logs.bundle.inspect'].result;

describe('the logs store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/logs-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/logs-store')));
  });
  const state = () => store.useLogsStore.getState();

  it('reads the log tail with the filter, keeping the filter for the next read', async () => {
    fake.answer('logs.recent', recent);
    await store.logsActions.loadRecent();
    await store.logsActions.loadRecent({ level: 'warn', search: '  heartbeat ' });
    await store.logsActions.loadRecent({ search: '' });
    expect(fake.calls.map((c) => c.params)).toEqual([
      { level: 'info', limit: 200 },
      { level: 'warn', search: 'heartbeat', limit: 200 },
      { level: 'warn', limit: 200 },
    ]);
    expect(state().recent).toEqual({ lines: recent.lines, more: false, loading: false, error: null, level: 'warn', search: '' });
  });

  it('is loading while the tail is read, and shows why it could not be', async () => {
    const tail = fake.hold('logs.recent');
    const reading = store.logsActions.loadRecent();
    expect(state().recent.loading).toBe(true);
    tail.reject('The log folder cannot be read.');
    await reading;
    expect(state().recent).toMatchObject({ loading: false, error: 'The log folder cannot be read.', lines: [] });
  });

  it('previews the bundle', async () => {
    fake.answer('logs.bundle.preview', requestSamples['logs.bundle.preview'].result);
    await store.logsActions.loadPreview();
    expect(state().preview).toEqual({ data: requestSamples['logs.bundle.preview'].result, loading: false, error: null });
  });

  it('exports with progress, offers the saved bundle for inspection, and stops listening after', async () => {
    const exporting = fake.hold('logs.bundle.export');
    const running = store.logsActions.exportBundle();
    expect(state().exporting).toMatchObject({ running: true, result: null });
    fake.emit('logs.bundle.progress', { doneBytes: 1024, totalBytes: 4096 });
    fake.emit('logs.bundle.progress', { doneBytes: 3072, totalBytes: 4096 });
    expect(state().exporting.progress).toEqual({ doneBytes: 3072, totalBytes: 4096 });
    exporting.release(saved);
    await running;
    expect(state().exporting).toEqual({ running: false, progress: { doneBytes: 3072, totalBytes: 4096 }, result: saved, error: null });
    expect(state().inspected.path).toBe(saved.path);
    expect(fake.listenerCount('logs.bundle.progress')).toBe(0);
  });

  it('keeps a path the owner typed, and shows a failed export', async () => {
    store.logsActions.setInspectPath('/home/a/other.zip');
    fake.fail('logs.bundle.export', 'The disk is full.');
    await store.logsActions.exportBundle();
    expect(state().exporting).toMatchObject({ running: false, result: null, error: 'The disk is full.' });
    expect(state().inspected.path).toBe('/home/a/other.zip');
    expect(fake.listenerCount('logs.bundle.progress')).toBe(0);
  });

  it('opens a bundle by its path, and asks for one when the path is empty', async () => {
    store.logsActions.setInspectPath('   ');
    await store.logsActions.inspect();
    expect(fake.calls).toEqual([]);
    expect(state().inspected.error).toMatch(/name of a support bundle/);

    fake.answer('logs.bundle.inspect', report);
    store.logsActions.setInspectPath(` ${saved.path} `);
    await store.logsActions.inspect();
    expect(fake.calls).toEqual([{ method: 'logs.bundle.inspect', params: { path: saved.path } }]);
    expect(state().inspected).toMatchObject({ loading: false, report, error: null });

    fake.fail('logs.bundle.inspect', 'This file is not a GridHost support bundle.');
    await store.logsActions.inspect();
    expect(state().inspected).toMatchObject({ report: null, error: 'This file is not a GridHost support bundle.' });
  });

  it('opens a file chosen in the desktop dialog by its one-time handle, and does nothing when cancelled', async () => {
    fake.answer('logs.bundle.pick', null);
    await store.logsActions.chooseAndInspect();
    expect(fake.calls).toEqual([{ method: 'logs.bundle.pick', params: {} }]);

    fake.calls.length = 0;
    fake.answer('logs.bundle.pick', { handle: 'q3Zr1cXbO0m2Yx7DkP4aLw', name: 'from-alice.zip' });
    fake.answer('logs.bundle.inspect', report);
    await store.logsActions.chooseAndInspect();
    expect(fake.calls.map((c) => c.params)).toEqual([{}, { handle: 'q3Zr1cXbO0m2Yx7DkP4aLw' }]);
    expect(state().inspected).toMatchObject({ path: 'from-alice.zip', report, error: null });

    fake.fail('logs.bundle.pick', 'Choosing a file needs the desktop app.');
    await store.logsActions.chooseAndInspect();
    expect(state().inspected.error).toBe('Choosing a file needs the desktop app.');
  });

  it("sends the window's uncaught errors and rejections to the main log", async () => {
    fake.answer('logs.report', { logged: true });
    const target = Object.assign(new EventTarget(), { location: { hash: '#/wallet' } });
    store.forwardRendererErrors(target as unknown as Window);
    const boom = new Error('x is undefined');
    target.dispatchEvent(Object.assign(new Event('error'), { error: boom, message: boom.message }));
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'socket closed' }));
    await expect.poll(() => fake.calls.length).toBe(2);
    expect(fake.calls[0]).toEqual({ method: 'logs.report', params: { level: 'error', message: 'x is undefined', stack: boom.stack, source: '#/wallet' } });
    expect(fake.calls[1]).toEqual({ method: 'logs.report', params: { level: 'error', message: 'socket closed', source: '#/wallet' } });
  });
});
