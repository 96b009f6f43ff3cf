import { lookup } from 'node:dns/promises';
import type { RegistryHostResolver } from '../../core/containers/ports';

/** How long a registry name may take to resolve before the pull is refused. */
const RESOLVE_TIMEOUT_MS = 10_000;

/**
 * Resolves a registry's name the way the operating system does (`getaddrinfo`: hosts file, DNS, mDNS), every
 * address, IPv4 and IPv6. The container engine resolves the name again when it pulls; on the same machine it
 * normally gets the same answer (see docs/containers.md for what this does not cover).
 */
export class DnsHostResolver implements RegistryHostResolver {
  async resolve(host: string): Promise<string[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${RESOLVE_TIMEOUT_MS / 1000} s`)), RESOLVE_TIMEOUT_MS);
    });
    try {
      const answers = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
      return answers.map((a) => a.address);
    } finally {
      clearTimeout(timer);
    }
  }
}
