import { beforeEach, describe, expect, it } from 'vitest';
import type { HostStatus } from '../../../../src/shared/host-state';
import { requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const status = requestSamples['host.status'].result;
const info = requestSamples['app.info'].result;
const at = (state: HostStatus['state']): HostStatus => ({ ...status, state, job: null });

describe('the host store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/host-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/host-store')));
  });
  const state = () => store.useHostStore.getState();

  it('loads the status and the app info, then applies pushed states in order', async () => {
    fake.answer('host.status', status).answer('app.info', info);
    await store.hostActions.load();
    expect(state()).toEqual({ status, info, error: null });
    fake.emit('host.state', at('settling'));
    fake.emit('host.state', at('queued'));
    expect(state().status).toEqual(at('queued'));
  });

  it('reloads the snapshot after a reconnection without listening twice', async () => {
    fake.answer('host.status', status).answer('app.info', info);
    await store.hostActions.load();
    fake.answer('host.status', at('paused'));
    await store.hostActions.load();
    expect(state().status).toEqual(at('paused'));
    expect(fake.methods()).toEqual(['host.status', 'app.info', 'host.status', 'app.info']);
    expect(fake.listenerCount('host.state')).toBe(1);
  });

  it('shows why the snapshot could not be read, and clears it once it can', async () => {
    fake.fail('host.status', 'No answer from the host for host.status within 30 s.').answer('app.info', info);
    await store.hostActions.load();
    expect(state()).toMatchObject({ status: null, error: 'No answer from the host for host.status within 30 s.' });
    fake.answer('host.status', status);
    await store.hostActions.load();
    expect(state()).toMatchObject({ status, error: null });
  });

  it('"Check again" asks the host for a preflight, and reports a refusal', async () => {
    fake.answer('host.preflight', at('preflight'));
    await store.hostActions.checkAgain();
    expect(fake.calls).toEqual([{ method: 'host.preflight', params: {} }]);
    expect(state().error).toBeNull();
    fake.fail('host.preflight', 'The host is stopping.');
    await store.hostActions.checkAgain();
    expect(state().error).toBe('The host is stopping.');
  });
});
