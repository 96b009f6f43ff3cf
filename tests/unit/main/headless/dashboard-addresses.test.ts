import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { dashboardAddresses, type MachineAddresses } from '../../../../src/main/headless/dashboard-addresses';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal: boolean, scopeid = 0): NetworkInterfaceInfo =>
  (family === 'IPv4'
    ? { address, family, internal, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: null }
    : { address, family, internal, netmask: 'ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid }) as NetworkInterfaceInfo;

const machine: MachineAddresses = {
  hostname: 'Rig',
  interfaces: {
    lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
    eth0: [iface('192.168.1.20', 'IPv4', false), iface('fd00::20', 'IPv6', false), iface('fe80::20', 'IPv6', false, 2)],
  },
};

describe('dashboardAddresses', () => {
  it('on loopback, answers to the loopback names with the port, over http', () => {
    const a = dashboardAddresses('127.0.0.1', 7788, 'http', machine);
    expect([...a.hosts]).toEqual(['127.0.0.1:7788', 'localhost:7788', '[::1]:7788']);
    expect(a.origins.has('http://localhost:7788')).toBe(true);
    expect(a.primaryOrigin).toBe('http://127.0.0.1:7788');
  });

  it('on 0.0.0.0, answers to the IPv4 interface addresses and the host name, the LAN address first', () => {
    const a = dashboardAddresses('0.0.0.0', 7788, 'https', machine);
    expect(a.names).toEqual(['192.168.1.20', 'rig', 'rig.local', '127.0.0.1', 'localhost']);
    expect(a.primaryOrigin).toBe('https://192.168.1.20:7788');
    expect(a.origins.has('https://rig.local:7788')).toBe(true);
    expect(a.origins.has('http://192.168.1.20:7788')).toBe(false);
    expect(a.hosts.has('evil.example:7788')).toBe(false);
  });

  it('on ::, adds the IPv6 addresses a browser can use (not link-local ones with a zone)', () => {
    const a = dashboardAddresses('::', 7788, 'https', machine);
    expect(a.hosts.has('[fd00::20]:7788')).toBe(true);
    expect(a.names).not.toContain('fe80::20');
  });

  it('on one address, answers to that address only; on the default port also without it', () => {
    const a = dashboardAddresses('192.168.1.20', 443, 'https', machine);
    expect([...a.origins]).toEqual(['https://192.168.1.20:443', 'https://192.168.1.20']);
    expect([...a.hosts]).toEqual(['192.168.1.20:443', '192.168.1.20']);
  });
});
