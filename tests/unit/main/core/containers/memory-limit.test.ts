import { describe, expect, it } from 'vitest';
import { jobMemoryMiB } from '../../../../../src/main/core/containers/memory-limit';
import { defaultSettings } from '../../../../../src/shared/settings';

describe('the memory limit of a job container', () => {
  it('is not a fixed 8 GiB by default: the setting is empty and half the machine is used', () => {
    expect(defaultSettings().containers.memoryMiB).toBeNull();
    expect(jobMemoryMiB(null, 8192)).toBe(4096);
    expect(jobMemoryMiB(null, 65_536)).toBe(32_768);
    expect(jobMemoryMiB(null, 3000)).toBe(1500);
  });

  it("honours the owner's setting, but never above 90% of the machine's memory", () => {
    expect(jobMemoryMiB(8192, 65_536)).toBe(8192);
    expect(jobMemoryMiB(8192, 8192)).toBe(7372);
    expect(jobMemoryMiB(1_048_576, 16_384)).toBe(14_745);
  });

  it('is never below the 512 MiB a container needs to start, even on a tiny machine', () => {
    expect(jobMemoryMiB(null, 600)).toBe(512);
    expect(jobMemoryMiB(512, 400)).toBe(512);
  });
});
