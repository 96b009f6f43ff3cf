import { beforeEach, describe, expect, it, vi } from 'vitest';

async function freshStore() {
  vi.resetModules();
  return (await import('../../../../src/renderer/src/stores/connection-store')).useConnectionStore;
}

describe('the connection store', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeEach(async () => {
    store = await freshStore();
  });

  it('starts connecting, with no generation yet', () => {
    expect(store.getState()).toMatchObject({ state: 'connecting', detail: null, generation: 0 });
  });

  it('counts every (re)connection in generation, so stores know to reload their snapshots', () => {
    store.getState().set('connected', null);
    expect(store.getState()).toMatchObject({ state: 'connected', generation: 1 });
    store.getState().set('reconnecting', 'Lost the connection to the host; trying again in 2 s.');
    expect(store.getState()).toMatchObject({ state: 'reconnecting', detail: 'Lost the connection to the host; trying again in 2 s.', generation: 1 });
    store.getState().set('connected', null);
    expect(store.getState()).toMatchObject({ state: 'connected', detail: null, generation: 2 });
  });

  it('keeps the reason a link is refused', () => {
    store.getState().set('unauthorized', 'Missing or wrong token.');
    expect(store.getState()).toMatchObject({ state: 'unauthorized', detail: 'Missing or wrong token.', generation: 0 });
  });
});
