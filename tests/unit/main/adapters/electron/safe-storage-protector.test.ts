import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsKeyFileAccess } from '../../../../../src/main/adapters/fs/key-file-access';
import { SafeStorageProtector, type SafeStorageLike } from '../../../../../src/main/adapters/electron/safe-storage-protector';
import { NodeKeystore } from '../../../../../src/main/core/wallet/node-keystore';
import { walletErrorOf } from '../../../../support/wallet/wallet-error-of';
import { ManualClock, RecordingLogger } from '../../../../support/core-fakes';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** Electron's safeStorage in ten lines: a per-"user" key XORed in, and a tag that a different key fails. */
class FakeSafeStorage implements SafeStorageLike {
  constructor(
    public backend: Backend = 'gnome_libsecret',
    public available = true,
    public userKey = 0x5a,
  ) {}
  isEncryptionAvailable = () => this.available;
  getSelectedStorageBackend = () => this.backend;
  encryptString = (text: string) => Buffer.from(`v11${Buffer.from(Buffer.from(text).map((b) => b ^ this.userKey)).toString('base64')}`);
  decryptString = (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('v11')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const plain = Buffer.from(Buffer.from(text.slice(3), 'base64').map((b) => b ^ this.userKey)).toString();
    if (!plain.startsWith('{')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return plain;
  };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-safestorage-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function keystoreWith(storage: FakeSafeStorage, options: { platform?: NodeJS.Platform; allowBasicText?: boolean } = {}) {
  const protector = new SafeStorageProtector(storage, {
    platform: options.platform ?? 'linux',
    allowBasicText: options.allowBasicText ?? false,
  });
  return new NodeKeystore({
    path: join(dir, 'node-key.json'),
    files: new FsKeyFileAccess(),
    protectors: [protector],
    logger: new RecordingLogger(),
    clock: new ManualClock(),
  });
}

describe('SafeStorageProtector (Electron safeStorage behind a port)', () => {
  it('seals the key with the OS keyring and opens it again', async () => {
    const storage = new FakeSafeStorage();
    const { keypair } = await keystoreWith(storage).loadOrCreate();
    expect((await keystoreWith(storage).load()).address).toBe(keypair.address);

    const envelope = JSON.parse(await readFile(join(dir, 'node-key.json'), 'utf8')) as { protection: Record<string, unknown> };
    expect(envelope.protection).toMatchObject({ kind: 'os-keyring', backend: 'gnome_libsecret' });
    expect(JSON.stringify(envelope)).not.toContain(Buffer.from(keypair.revealSeed()).toString('base64'));
    expect(keystoreWith(storage).describeProtection()).toBe('the OS keyring (gnome_libsecret)');
  });

  it('refuses the basic_text backend on Linux unless the owner agreed', async () => {
    const storage = new FakeSafeStorage('basic_text');
    const error = await walletErrorOf(keystoreWith(storage).loadOrCreate());
    expect(error.code).toBe('keyring_insecure');
    expect(error.message).toMatch(/GNOME Keyring or KWallet/);
    expect(await readdir(dir)).toEqual([]);

    const agreed = await keystoreWith(storage, { allowBasicText: true }).loadOrCreate();
    expect(agreed.created).toBe(true);
    // The agreement is recorded with the key it sealed: later starts open it without the flag.
    expect((await keystoreWith(storage).load()).address).toBe(agreed.keypair.address);
    // But a key sealed by a real keyring is not opened under basic_text without the owner's say.
    await rm(join(dir, 'node-key.json'));
    storage.backend = 'gnome_libsecret';
    await keystoreWith(storage).loadOrCreate();
    storage.backend = 'basic_text';
    expect((await walletErrorOf(keystoreWith(storage).load())).code).toBe('keyring_insecure');
  });

  it('does not ask for a Linux backend on macOS or Windows', async () => {
    const storage = new FakeSafeStorage('basic_text');
    storage.getSelectedStorageBackend = () => {
      throw new Error('getSelectedStorageBackend is only available on Linux');
    };
    const { keypair } = await keystoreWith(storage, { platform: 'darwin' }).loadOrCreate();
    expect((await keystoreWith(storage, { platform: 'darwin' }).load()).address).toBe(keypair.address);
  });

  it('says the keyring is unavailable (and writes nothing) when encryption is not available', async () => {
    const storage = new FakeSafeStorage('gnome_libsecret', false);
    expect((await walletErrorOf(keystoreWith(storage).loadOrCreate())).code).toBe('keyring_unavailable');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps the key file when another keyring cannot decrypt it, and says to restore a backup', async () => {
    const storage = new FakeSafeStorage();
    await keystoreWith(storage).loadOrCreate();
    const before = await readFile(join(dir, 'node-key.json'), 'utf8');

    const otherUser = new FakeSafeStorage('gnome_libsecret', true, 0x33);
    const error = await walletErrorOf(keystoreWith(otherUser).load());
    expect(error.code).toBe('keyring_unavailable');
    expect(error.message).toMatch(/gridhost key import/);
    expect(await readFile(join(dir, 'node-key.json'), 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['node-key.json']);
  });
});
