import { describe, expect, it } from 'vitest';
import { capacityProblems } from '../../../../../src/main/core/jobs/capacity-check';
import type { JobDefinition } from '../../../../../src/main/core/jobs/job-definition';

const job = (gpu: boolean, vram?: number): JobDefinition => ({
  version: '0.1',
  type: 'container',
  ...(vram === undefined ? {} : { meta: { system_resources: { required_vram: vram } } }),
  ops: [{ type: 'container/run', id: 'x', args: { image: 'busybox', gpu } }],
});

describe('capacityProblems (job validate --for-this-machine, and the VRAM check before a job starts)', () => {
  it('passes a job the largest GPU can hold', () => {
    expect(capacityProblems(job(true, 8), [4096, 12 * 1024])).toEqual([]);
    expect(capacityProblems(job(false), [])).toEqual([]);
  });

  it('refuses a GPU op on a machine without a GPU, and VRAM beyond the largest GPU, with their paths', () => {
    expect(capacityProblems(job(true, 8), [])).toEqual([
      expect.objectContaining({ path: 'ops[0].args.gpu', code: 'capacity' }),
      expect.objectContaining({ path: 'meta.system_resources.required_vram', message: expect.stringContaining('no GPU was found') }),
    ]);
    expect(capacityProblems(job(true, 24), [12 * 1024])).toEqual([
      expect.objectContaining({ path: 'meta.system_resources.required_vram', message: expect.stringContaining('needs 24 GiB of VRAM and its GPU has 12.0 GiB') }),
    ]);
  });
});
