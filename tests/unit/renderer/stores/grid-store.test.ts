import { beforeEach, describe, expect, it } from 'vitest';
import type { GridSnapshot } from '../../../../src/shared/contract/grid';
import { requestSamples } from '../../../support/contract-samples';
import type { FakeGridhostApi } from '../../../support/fake-gridhost-api';
import { storeWithFakeApi } from '../../../support/renderer-stores';

const known = requestSamples['grid.snapshot'].result;
const fresh: GridSnapshot = { ...known, problem: 'The grid answered slowly.' };
const idle: GridSnapshot = { ...known, job: null };

describe('the grid store', () => {
  let fake: FakeGridhostApi;
  let store: typeof import('../../../../src/renderer/src/stores/grid-store');
  beforeEach(async () => {
    ({ fake, store } = await storeWithFakeApi(() => import('../../../../src/renderer/src/stores/grid-store')));
  });
  const state = () => store.useGridStore.getState();

  it('shows the last known snapshot, then asks the grid, then follows pushed changes', async () => {
    const refresh = fake.answer('grid.snapshot', known).hold('grid.refresh');
    const loading = store.gridActions.load();
    await expect.poll(() => fake.methods()).toEqual(['grid.snapshot', 'grid.refresh']);
    expect(state()).toEqual({ snapshot: known, busy: true, error: null });
    refresh.release(fresh);
    await loading;
    expect(state()).toEqual({ snapshot: fresh, busy: false, error: null });
    fake.emit('grid.changed', idle);
    expect(state().snapshot).toEqual(idle);
  });

  it('does not ask the grid when the host could not give its snapshot', async () => {
    fake.fail('grid.snapshot', 'The host is starting.');
    await store.gridActions.load();
    expect(fake.methods()).toEqual(['grid.snapshot']);
    expect(state()).toEqual({ snapshot: null, busy: false, error: 'The host is starting.' });
  });

  it('enrolls with the terms and details the owner gave', async () => {
    const params = requestSamples['grid.enroll'].params;
    fake.answer('grid.enroll', known);
    expect(await store.gridActions.enroll(params)).toBe(true);
    expect(fake.calls).toEqual([{ method: 'grid.enroll', params }]);
    expect(state().snapshot).toEqual(known);
  });

  it('starts and pauses sharing, and says why an action was refused', async () => {
    fake.answer('grid.sharing.start', known).fail('grid.sharing.pause', 'No job is running.');
    expect(await store.gridActions.startSharing()).toBe(true);
    expect(await store.gridActions.pauseSharing()).toBe(false);
    expect(fake.methods()).toEqual(['grid.sharing.start', 'grid.sharing.pause']);
    expect(state()).toEqual({ snapshot: known, busy: false, error: 'No job is running.' });
    fake.answer('grid.refresh', fresh);
    expect(await store.gridActions.refresh()).toBe(true);
    expect(state()).toEqual({ snapshot: fresh, busy: false, error: null });
  });
});
