import { describe, expect, it } from 'vitest';
import { trustedRendererUrl } from '../../../../src/main/ipc/register-ipc';
import { chooseHidDevice, hidDeviceAllowed, LEDGER_VENDOR_ID, permissionAllowed } from '../../../../src/main/electron/permission-policy';

const APP = 'app://gridhost/index.html';
const trusted = trustedRendererUrl('app://gridhost');

describe('Electron permission policy', () => {
  it('lets only our window use WebHID and clipboard writes', () => {
    expect(permissionAllowed('hid', APP, trusted)).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', `${APP}#/wallet`, trusted)).toBe(true);
    expect(permissionAllowed('hid', 'https://evil.example/', trusted)).toBe(false);
  });

  it.each(['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'usb', 'serial'])('denies %s even to our window', (permission) => {
    expect(permissionAllowed(permission, APP, trusted)).toBe(false);
  });

  it('opens only a Ledger, and picks it from the device list', () => {
    expect(hidDeviceAllowed({ vendorId: LEDGER_VENDOR_ID }, APP, trusted)).toBe(true);
    expect(hidDeviceAllowed({ vendorId: 0x046d }, APP, trusted)).toBe(false);
    expect(hidDeviceAllowed({ vendorId: LEDGER_VENDOR_ID }, 'https://evil.example/', trusted)).toBe(false);
    expect(chooseHidDevice([{ vendorId: 0x046d, deviceId: 'mouse' }, { vendorId: LEDGER_VENDOR_ID, deviceId: 'nano' }])).toBe('nano');
    expect(chooseHidDevice([{ vendorId: 0x046d, deviceId: 'mouse' }])).toBe('');
  });

  it('compares origins: the bare origin Chromium gives a device check matches our window, file:// does not', () => {
    // Chromium hands setDevicePermissionHandler `details.origin`, never a page URL: it must match.
    expect(hidDeviceAllowed({ vendorId: LEDGER_VENDOR_ID }, 'app://gridhost', trusted)).toBe(true);
    expect(permissionAllowed('hid', 'app://gridhost', trusted)).toBe(true);
    expect(hidDeviceAllowed({ vendorId: LEDGER_VENDOR_ID }, 'file://', trusted)).toBe(false);
    expect(hidDeviceAllowed({ vendorId: LEDGER_VENDOR_ID }, 'app://gridhost.evil.example', trusted)).toBe(false);
  });
});
