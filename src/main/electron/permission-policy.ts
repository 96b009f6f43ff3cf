import type { Session } from 'electron';

/** Ledger's USB vendor id: the only HID device the app may open (to read a payout address). */
export const LEDGER_VENDOR_ID = 0x2c97;

/** Permissions our own renderer may use; every other permission, and every other origin, is denied. */
const ALLOWED_FOR_APP = new Set(['hid', 'clipboard-sanitized-write']);

export function permissionAllowed(permission: string, requestingUrl: string, isTrustedUrl: (url: string) => boolean): boolean {
  return ALLOWED_FOR_APP.has(permission) && isTrustedUrl(requestingUrl);
}

export function hidDeviceAllowed(device: { vendorId: number }, requestingUrl: string, isTrustedUrl: (url: string) => boolean): boolean {
  return device.vendorId === LEDGER_VENDOR_ID && isTrustedUrl(requestingUrl);
}

/** Picks the Ledger from the devices Chromium offers (Electron has no chooser of its own); '' cancels. */
export function chooseHidDevice(devices: ReadonlyArray<{ vendorId: number; deviceId: string }>): string {
  return devices.find((d) => d.vendorId === LEDGER_VENDOR_ID)?.deviceId ?? '';
}

/** Applies the policy to a session: deny by default, Ledger over WebHID and clipboard writes for our window only. */
export function applyPermissionPolicy(session: Session, isTrustedUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(permissionAllowed(permission, details.requestingUrl ?? contents?.getURL() ?? '', isTrustedUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, isTrustedUrl),
  );
  session.setDevicePermissionHandler((details) =>
    details.deviceType === 'hid' && hidDeviceAllowed(details.device as unknown as { vendorId: number }, details.origin, isTrustedUrl),
  );
  session.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    const trusted = isTrustedUrl(details.frame?.url ?? '');
    callback(trusted ? chooseHidDevice(details.deviceList) : '');
  });
}
