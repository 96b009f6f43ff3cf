import { describe, expect, it } from 'vitest';
import { QUNS, windowsNotificationStateSource } from '../../../../../src/main/adapters/windows/notification-state-source';

describe('Windows SHQueryUserNotificationState as the fullscreen signal', () => {
  it('pauses for busy, D3D fullscreen and presentation mode, not for the others', async () => {
    let state: number = QUNS.ACCEPTS_NOTIFICATIONS;
    const source = windowsNotificationStateSource('win32', async () => () => state);
    expect(await source.read()).toEqual({ available: true, value: { active: false, program: null } });
    state = QUNS.RUNNING_D3D_FULL_SCREEN;
    expect(await source.read()).toEqual({ available: true, value: { active: true, program: null, game: true } });
    state = QUNS.BUSY;
    expect(await source.read()).toEqual({ available: true, value: { active: true, program: null } });
    state = QUNS.PRESENTATION_MODE;
    expect(await source.read()).toEqual({ available: true, value: { active: true, program: null } });
    state = QUNS.QUIET_TIME;
    expect(await source.read()).toEqual({ available: true, value: { active: false, program: null } });
  });

  it('is unavailable off Windows, and says why when the call fails', async () => {
    expect(await windowsNotificationStateSource('linux').read()).toEqual({ available: false, why: 'SHQueryUserNotificationState exists on Windows only' });
    const failing = windowsNotificationStateSource('win32', async () => () => {
      throw new Error('SHQueryUserNotificationState returned 0x80004005');
    });
    expect(await failing.read()).toEqual({ available: false, why: 'Windows did not say whether a fullscreen program runs: SHQueryUserNotificationState returned 0x80004005' });
  });
});
