import { describe, expect, it } from 'vitest';
import { systemProgramsSource } from '../../../../../src/main/adapters/systeminformation/running-programs-source';

describe("systeminformation's process list as the running programs", () => {
  it('lists each name once and reuses the list for 10 s', async () => {
    let calls = 0;
    const source = systemProgramsSource(async () => {
      calls++;
      return { list: [{ name: 'steam.exe' }, { name: 'steam.exe' }, { name: 'explorer.exe' }, { name: '' }] };
    });
    expect(await source.read()).toEqual({ available: true, value: ['steam.exe', 'explorer.exe'] });
    await source.read();
    expect(calls).toBe(1);
  });

  it('says why when the list cannot be read', async () => {
    const source = systemProgramsSource(async () => {
      throw new Error('powershell timed out');
    });
    expect(await source.read()).toEqual({ available: false, why: 'the process list could not be read: powershell timed out' });
  });
});
