import { isIP } from 'node:net';
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** The loopback names a local dashboard answers to, whichever of them it listens on. */
export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];

/** Whether the dashboard at this address is reached from this machine only (plain HTTP, no --allow-remote). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.includes(host.toLowerCase());
}

export interface MachineAddresses {
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
  hostname: string;
}

export function machineAddresses(): MachineAddresses {
  return { interfaces: networkInterfaces(), hostname: hostname() };
}

/**
 * The addresses the dashboard is reached at, decided by where it listens, never by what a request says:
 * a page may talk to the API only from one of these origins, and a request must name one of these hosts
 * (so a DNS name an attacker points at this machine gets nothing). For a wildcard address (0.0.0.0, ::)
 * they are the machine's interface addresses and its host name.
 */
export interface DashboardAddresses {
  /** Host names and addresses, without port: the certificate's names. */
  names: string[];
  /** `Host` header values accepted, lower case. */
  hosts: ReadonlySet<string>;
  /** `Origin` values accepted, lower case. */
  origins: ReadonlySet<string>;
  /** The origin to print in the link: a LAN address for a wildcard, the listening address otherwise. */
  primaryOrigin: string;
}

export function dashboardAddresses(listenHost: string, port: number, scheme: 'http' | 'https', machine: MachineAddresses): DashboardAddresses {
  const listen = listenHost.toLowerCase();
  const names = LOOPBACK_NAMES.includes(listen)
    ? [listen, ...LOOPBACK_NAMES.filter((n) => n !== listen)]
    : listen === '0.0.0.0' || listen === '::'
      ? wildcardNames(listen === '::', machine)
      : [listen];
  const defaultPort = scheme === 'https' ? 443 : 80;
  const authorities = names.flatMap((name) => {
    const shown = isIP(name) === 6 ? `[${name}]` : name;
    return port === defaultPort ? [`${shown}:${port}`, shown] : [`${shown}:${port}`];
  });
  const primary = names[0]!;
  return {
    names,
    hosts: new Set(authorities),
    origins: new Set(authorities.map((a) => `${scheme}://${a}`)),
    primaryOrigin: `${scheme}://${isIP(primary) === 6 ? `[${primary}]` : primary}:${port}`,
  };
}

/** Interface addresses, the LAN ones first, then the host name and loopback. */
function wildcardNames(withIpv6: boolean, machine: MachineAddresses): string[] {
  const all = Object.values(machine.interfaces).flatMap((list) => list ?? []);
  const usable = all.filter((i) => i.family === 'IPv4' || (withIpv6 && i.family === 'IPv6' && !i.scopeid));
  const lan = usable.filter((i) => !i.internal).map((i) => i.address.toLowerCase());
  const host = machine.hostname.toLowerCase();
  const hostNames = host ? [host, ...(host.includes('.') ? [] : [`${host}.local`])] : [];
  const loopback = [...usable.filter((i) => i.internal).map((i) => i.address), 'localhost'];
  return [...new Set([...lan, ...hostNames, ...loopback])];
}
