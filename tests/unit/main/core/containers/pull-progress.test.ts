import { describe, expect, it } from 'vitest';
import { PullProgressTracker } from '../../../../../src/main/core/containers/pull-progress';

const DIGEST = `sha256:${'b'.repeat(64)}`;

describe('PullProgressTracker', () => {
  it('sums bytes over layers and reaches 100 only when every layer is complete', () => {
    const t = new PullProgressTracker();
    t.apply({ status: 'Pulling from org/model', id: 'latest' });
    t.apply({ status: 'Pulling fs layer', id: 'a' });
    t.apply({ status: 'Pulling fs layer', id: 'b' });
    expect(t.snapshot()).toMatchObject({ layers: 2, percent: 0 });
    t.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } });
    t.apply({ status: 'Downloading', id: 'b', progressDetail: { current: 100, total: 300 } });
    expect(t.snapshot()).toMatchObject({ downloadedBytes: 150, totalBytes: 400, layersDone: 0 });
    const mid = t.snapshot().percent;
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(50);
    t.apply({ status: 'Download complete', id: 'a' });
    t.apply({ status: 'Extracting', id: 'a', progressDetail: { current: 100, total: 100 } });
    t.apply({ status: 'Pull complete', id: 'a' });
    expect(t.snapshot().percent).toBeGreaterThan(mid);
    t.apply({ status: 'Downloading', id: 'b', progressDetail: { current: 300, total: 300 } });
    t.apply({ status: 'Extracting', id: 'b', progressDetail: { current: 300, total: 300 } });
    expect(t.snapshot().percent).toBe(99);
    t.apply({ status: 'Pull complete', id: 'b' });
    t.apply({ status: `Digest: ${DIGEST}` });
    t.apply({ status: 'Status: Downloaded newer image for org/model:latest' });
    expect(t.snapshot()).toEqual({ layers: 2, layersDone: 2, downloadedBytes: 400, totalBytes: 400, percent: 100 });
    expect(t.digest).toBe(DIGEST);
    expect(t.error).toBeNull();
  });

  it('does not claim progress while some layer sizes are still unknown', () => {
    const t = new PullProgressTracker();
    t.apply({ status: 'Pulling fs layer', id: 'a' });
    t.apply({ status: 'Waiting', id: 'b' });
    t.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 100, total: 100 } });
    // One of two layers fully downloaded, the other unsized: at most a quarter.
    expect(t.snapshot().percent).toBeLessThanOrEqual(25);
  });

  it('counts layers that already exist as done', () => {
    const t = new PullProgressTracker();
    t.apply({ status: 'Already exists', id: 'a' });
    expect(t.snapshot()).toMatchObject({ layers: 1, layersDone: 1, percent: 100 });
  });

  it('keeps the first in-band error', () => {
    const t = new PullProgressTracker();
    t.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 1, total: 2 } });
    t.apply({ errorDetail: { message: 'filesystem layer verification failed' }, error: 'filesystem layer verification failed' });
    t.apply({ error: 'later' });
    expect(t.error).toBe('filesystem layer verification failed');
  });
});
