import { describe, expect, it } from 'vitest';
import { LABEL_JOB } from '../../../../../src/main/core/containers/container-names';
import type { VolumeStore } from '../../../../../src/main/core/containers/ports';
import { checkVolumesOwned } from '../../../../../src/main/core/containers/volume-ownership';

const scope = { 'gridhost.managed': '1', 'gridhost.host': 'h' };
const engine: VolumeStore = {
  createVolume: async () => undefined,
  removeVolume: async () => undefined,
  volumeExists: async (name) => ['models', 'job-a-scratch', 'foreign'].includes(name),
  listVolumes: async () => [
    { name: 'models', labels: scope },
    { name: 'job-a-scratch', labels: { ...scope, [LABEL_JOB]: 'job-a' } },
  ],
};

describe('checkVolumesOwned', () => {
  it('lets a job write to its own create-volume volume and read a model volume', async () => {
    await expect(checkVolumesOwned(engine, scope, [{ name: 'job-a-scratch', writable: true }, { name: 'models' }], 'job-a')).resolves.toBeUndefined();
  });

  it('refuses writing to a model volume or to another job\'s volume', async () => {
    await expect(checkVolumesOwned(engine, scope, [{ name: 'models', writable: true }], 'job-a')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(checkVolumesOwned(engine, scope, [{ name: 'job-a-scratch', writable: true }], 'job-b')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('refuses a volume this installation did not make, and says when one is missing', async () => {
    await expect(checkVolumesOwned(engine, scope, [{ name: 'foreign' }], 'job-a')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(checkVolumesOwned(engine, scope, [{ name: 'nope' }], 'job-a')).rejects.toMatchObject({ code: 'not_found' });
  });
});
