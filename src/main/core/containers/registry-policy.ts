import { ContainerError } from './errors';
import type { ImageReference } from './image-reference';
import type { RegistryHostResolver } from './ports';

/*
 * The container engine runs as root (or as the owner) and pulls from whatever registry an image reference
 * names. A job naming `127.0.0.1:PORT/...`, a LAN address or a name that resolves to one would make the engine
 * send requests to the owner's own machine or network. So before a pull the registry host is checked: literal
 * addresses directly, names by resolving them here first, and only an address on the public internet passes,
 * unless the owner listed the registry in `containers.allowedRegistries`.
 */

/** Name suffixes that only ever mean this machine or the local network (RFC 6761, 6762, 8375, Docker Desktop). */
const LOCAL_NAME = /(^|\.)(localhost|local|lan|internal|home\.arpa|localdomain)$/;

/** IPv4 ranges that are not the public internet: [first octets as a 32-bit number, prefix length]. */
const LOCAL_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the machine itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation ranges: never a real public registry
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];

/**
 * Refuses a pull from a registry on this computer or the local network (see above). Docker Hub (no registry in
 * the reference) and registries listed in `allowed` (host and port, compared without case) are not checked.
 * A name that cannot be resolved is refused: it cannot be checked.
 */
export async function checkRegistry(ref: ImageReference, allowed: readonly string[], resolver: RegistryHostResolver): Promise<void> {
  if (ref.registry === null) return;
  const registry = ref.registry.toLowerCase();
  if (allowed.some((entry) => entry.toLowerCase() === registry)) return;
  const host = registry.replace(/:\d+$/, '');
  const refuse = (why: string) =>
    new ContainerError(
      'forbidden',
      `The image "${ref.canonical.slice(0, 300)}" is on the registry "${ref.registry}", which is on this computer or the local network (${why}). The container engine runs with administrator rights, so GridHost never lets a job make it contact those.`,
      `If you run that registry yourself and trust it, add "${registry}" to containers.allowedRegistries in settings; until then jobs using it are refused.`,
    );

  let why: string | null;
  try {
    why = await whyLocalHost(host, resolver);
  } catch (err) {
    throw new ContainerError(
      'forbidden',
      `The registry "${ref.registry}" of the image "${ref.canonical.slice(0, 300)}" could not be resolved (${(err as Error).message ?? String(err)}), so GridHost cannot check that it is not on this computer or the local network.`,
      `Check this computer's network connection and DNS. If the registry is yours and you trust it, add "${registry}" to containers.allowedRegistries in settings.`,
    );
  }
  if (why !== null) throw refuse(why);
}

/**
 * Why a host name or address is on this computer or the local network (a literal address in any spelling, a
 * local name, or a name that resolves to one), or null when it is on the public internet. Throws when the name
 * cannot be resolved: it cannot be checked. Model downloads (core/resources) check redirects with it too.
 */
export async function whyLocalHost(host: string, resolver: RegistryHostResolver): Promise<string | null> {
  const literal = ipv4Literal(host);
  if (literal !== null) return isLocalAddress(literal) ? (literal === host ? 'a private or loopback address' : `"${host}" is ${literal}`) : null;
  if (LOCAL_NAME.test(host)) return 'a name for this computer or the local network';
  const addresses = await resolver.resolve(host);
  const local = addresses.find((address) => isLocalAddress(address));
  return local === undefined ? null : `"${host}" resolves to ${local}`;
}

/**
 * The dotted IPv4 address a host name means when it is one in any spelling a resolver accepts (`2130706433`,
 * `0x7f.1`, `017700000001` are all 127.0.0.1), or null for a real name. Uses the WHATWG URL host parser.
 */
function ipv4Literal(host: string): string | null {
  let parsed: string;
  try {
    parsed = new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(parsed) ? parsed : null;
}

/** True for an address (IPv4 or IPv6 text) that is not on the public internet. Unparseable text counts as local. */
export function isLocalAddress(address: string): boolean {
  const v4 = parseIpv4(address);
  if (v4 !== null) return isLocalV4(v4);
  const groups = parseIpv6(address);
  if (groups === null) return true;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const low32 = ((g6 << 16) | g7) >>> 0;
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0;
  if (upperZero && g5 === 0xffff) return isLocalV4(low32); // IPv4-mapped
  if (upperZero && g5 === 0) return g6 === 0 ? true : isLocalV4(low32); // ::, ::1, IPv4-compatible
  if (g0 === 0x64 && g1 === 0xff9b) return isLocalV4(low32); // NAT64
  if (g0 === 0x2002) return isLocalV4(((g1 << 16) | g2) >>> 0); // 6to4
  return (
    (g0 & 0xffc0) === 0xfe80 || // link-local
    (g0 & 0xffc0) === 0xfec0 || // site-local (deprecated)
    (g0 & 0xfe00) === 0xfc00 || // unique local
    (g0 & 0xff00) === 0xff00 || // multicast
    (g0 === 0x2001 && g1 === 0x0db8) // documentation
  );
}

function isLocalV4(value: number): boolean {
  return LOCAL_V4.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((value & mask) >>> 0) === ((parseIpv4(base) ?? 0) & mask) >>> 0;
  });
}

function parseIpv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return null;
  return octets.reduce((acc, o) => ((acc << 8) | o) >>> 0, 0);
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail), or null. A zone id is ignored. */
function parseIpv6(text: string): number[] | null {
  let rest = text.replace(/%.*$/, '').replace(/^\[|\]$/g, '');
  const dotted = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(rest);
  if (dotted?.[1]) {
    // A dotted IPv4 tail (`::ffff:127.0.0.1`) is the last two groups written another way.
    const v4 = parseIpv4(dotted[1]);
    if (v4 === null) return null;
    rest = `${rest.slice(0, dotted.index + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (s: string | undefined) => (s ? s.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if ([...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  return [...head, ...new Array<string>(8 - given).fill('0'), ...tail].map((g) => parseInt(g, 16));
}
