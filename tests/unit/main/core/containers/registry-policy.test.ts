import { describe, expect, it } from 'vitest';
import { ContainerError } from '../../../../../src/main/core/containers/errors';
import { parseImageReference } from '../../../../../src/main/core/containers/image-reference';
import type { RegistryHostResolver } from '../../../../../src/main/core/containers/ports';
import { checkRegistry, isLocalAddress } from '../../../../../src/main/core/containers/registry-policy';

/** A resolver over a fixed table (a fake of the port); records what it was asked. */
function resolver(table: Record<string, string[]>): RegistryHostResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async resolve(host) {
      asked.push(host);
      const addresses = table[host];
      if (!addresses) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
      return addresses;
    },
  };
}

const publicDns = resolver({ 'ghcr.io': ['140.82.114.34'], 'registry.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });

async function refusal(image: string, allowed: string[] = [], dns: RegistryHostResolver = publicDns): Promise<ContainerError> {
  const err = await checkRegistry(parseImageReference(image), allowed, dns).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ContainerError)) throw new Error(`${image} was not refused (${String(err)})`);
  return err;
}

describe('registry policy: the engine never pulls from this machine or the local network', () => {
  it.each([
    '127.0.0.1:5000/org/model:1',
    '127.1.2.3/org/model',
    'localhost:5000/org/model',
    'localhost/org/model',
    'registry.localhost:443/org/model',
    '0.0.0.0:5000/org/model',
    '10.0.0.5/org/model',
    '172.16.4.4:5000/org/model',
    '172.31.255.255/org/model',
    '192.168.1.10:5000/org/model',
    '169.254.169.254/latest/meta-data',
    '100.64.0.1/org/model',
    // Other spellings of 127.0.0.1 that a resolver accepts.
    '2130706433:5000/org/model',
    '0x7f.1:5000/org/model',
    '017700000001:5000/org/model',
    'nas.local:5000/org/model',
    'host.docker.internal:5000/org/model',
  ])('refuses %s', async (image) => {
    const err = await refusal(image);
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/this computer or the local network/);
    expect(err.hint).toMatch(/containers\.allowedRegistries/);
  });

  it('refuses a name that resolves to a private or loopback address (IPv4 or IPv6)', async () => {
    const dns = resolver({
      'evil.example': ['93.184.215.14', '10.1.2.3'],
      'six.example': ['::1'],
      'ula.example': ['fd12:3456::1'],
      'link.example': ['fe80::1'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'mapped-hex.example': ['::ffff:c0a8:101'],
    });
    for (const host of ['evil.example', 'six.example', 'ula.example', 'link.example', 'mapped.example', 'mapped-hex.example']) {
      const err = await refusal(`${host}/org/model:1`, [], dns);
      expect(err.message).toContain(host);
      expect(err.message).toMatch(/resolves to/);
    }
  });

  it('refuses a registry whose name cannot be resolved (it cannot be checked)', async () => {
    const err = await refusal('nowhere.example/org/model:1', [], resolver({}));
    expect(err.message).toMatch(/could not be resolved/);
  });

  it('lets public registries and Docker Hub through, resolving only names', async () => {
    const dns = resolver({ 'ghcr.io': ['140.82.114.34'], 'registry.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    await checkRegistry(parseImageReference('ghcr.io/org/model:1'), [], dns);
    await checkRegistry(parseImageReference('registry.example.com:5000/org/model:1'), [], dns);
    await checkRegistry(parseImageReference('org/model:1'), [], dns);
    await checkRegistry(parseImageReference('8.8.8.8:5000/org/model:1'), [], dns);
    expect(dns.asked).toEqual(['ghcr.io', 'registry.example.com']);
  });

  it('allows a local registry the owner named in containers.allowedRegistries (host and port, any case)', async () => {
    const dns = resolver({});
    await checkRegistry(parseImageReference('127.0.0.1:5000/org/model:1'), ['127.0.0.1:5000'], dns);
    await checkRegistry(parseImageReference('Registry.Lan:5000/org/model:1'), ['registry.lan:5000'], dns);
    // The port is part of the entry: the same host on another port is still refused.
    await expect(checkRegistry(parseImageReference('127.0.0.1:5001/org/model:1'), ['127.0.0.1:5000'], dns)).rejects.toThrow(/local network/);
    expect(dns.asked).toEqual([]);
  });

  it('classifies addresses', () => {
    for (const ip of ['127.0.0.1', '10.9.9.9', '172.20.0.1', '192.168.0.1', '169.254.1.1', '0.0.0.0', '100.100.1.1', '224.0.0.1', '255.255.255.255', '::', '::1', 'fe80::1', 'fc00::1', 'fd00::2', 'ff02::1', '::ffff:10.0.0.1', '::ffff:a00:1']) {
      expect(isLocalAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '140.82.114.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isLocalAddress(ip), ip).toBe(false);
    }
  });
});
