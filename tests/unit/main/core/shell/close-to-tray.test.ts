import { describe, expect, it } from 'vitest';
import { decideClose } from '../../../../../src/main/core/shell/close-to-tray';

const base = { closeToTray: true, quitting: false, trayAvailable: true, noticeShown: false };

describe('closing the window', () => {
  it('hides the window into the tray, with the notice the first time only', () => {
    expect(decideClose(base)).toEqual({ action: 'hide', showNotice: true });
    expect(decideClose({ ...base, noticeShown: true })).toEqual({ action: 'hide', showNotice: false });
  });

  it('quits when the setting is off, the app is quitting, or there is no tray to come back from', () => {
    expect(decideClose({ ...base, closeToTray: false })).toEqual({ action: 'quit' });
    expect(decideClose({ ...base, quitting: true })).toEqual({ action: 'quit' });
    expect(decideClose({ ...base, trayAvailable: false })).toEqual({ action: 'quit' });
  });
});
