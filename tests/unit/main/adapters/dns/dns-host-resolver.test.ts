import { describe, expect, it } from 'vitest';
import { DnsHostResolver } from '../../../../../src/main/adapters/dns/dns-host-resolver';
import { isLocalAddress } from '../../../../../src/main/core/containers/registry-policy';

describe('DnsHostResolver (the operating system resolver)', () => {
  it('resolves localhost to loopback addresses, which the registry policy calls local', async () => {
    const addresses = await new DnsHostResolver().resolve('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(isLocalAddress(address), address).toBe(true);
  });

  it('fails for a name that does not exist', async () => {
    await expect(new DnsHostResolver().resolve('no-such-host.invalid')).rejects.toThrow();
  });
});
