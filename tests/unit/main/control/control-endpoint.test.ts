import { describe, expect, it } from 'vitest';
import { controlEndpoint, isSocketFile } from '../../../../src/main/control/control-endpoint';

describe('controlEndpoint: where a running host listens for gridhost commands', () => {
  it('is a socket in the data folder on Linux and macOS', () => {
    expect(controlEndpoint('/home/ada/.config/gridhost', 'linux')).toBe('/home/ada/.config/gridhost/control.sock');
    expect(controlEndpoint('/Users/ada/Library/Application Support/GridHost', 'darwin')).toBe('/Users/ada/Library/Application Support/GridHost/control.sock');
    expect(isSocketFile('/home/ada/.config/gridhost/control.sock')).toBe(true);
  });

  it('moves to the temp folder, named after the data folder, when the path is too long for a socket', () => {
    const deep = `/home/ada/${'very-long-folder-name/'.repeat(6)}gridhost`;
    const endpoint = controlEndpoint(deep, 'linux', '/tmp');
    expect(endpoint).toMatch(/^\/tmp\/gridhost-\d+-[0-9a-f]{16}\.sock$/);
    expect(controlEndpoint(deep, 'linux', '/tmp')).toBe(endpoint);
    expect(controlEndpoint(`${deep}-2`, 'linux', '/tmp')).not.toBe(endpoint);
  });

  it('is a named pipe on Windows, one per data folder', () => {
    const endpoint = controlEndpoint('C:\\Users\\Ada\\AppData\\Roaming\\GridHost', 'win32');
    expect(endpoint).toMatch(/^\\\\\.\\pipe\\gridhost-control-[0-9a-f]{16}$/);
    expect(controlEndpoint('C:\\Users\\Bob\\AppData\\Roaming\\GridHost', 'win32')).not.toBe(endpoint);
    expect(isSocketFile(endpoint)).toBe(false);
  });
});
