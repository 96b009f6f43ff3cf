import { vi } from 'vitest';
import { FakeGridhostApi } from './fake-gridhost-api';

/**
 * A fresh copy of a renderer store (stores are module singletons that subscribe once), wired to a fake API
 * through the api client's seam. `load` imports the store module, e.g. `() => import('.../host-store')`.
 */
export async function storeWithFakeApi<T>(load: () => Promise<T>): Promise<{ fake: FakeGridhostApi; store: T }> {
  vi.resetModules();
  const fake = new FakeGridhostApi();
  const client = await import('../../src/renderer/src/api/client');
  client.provideApi(fake.api);
  return { fake, store: await load() };
}
