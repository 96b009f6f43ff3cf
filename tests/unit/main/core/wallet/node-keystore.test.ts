import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keypair } from '@solana/web3.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsKeyFileAccess } from '../../../../../src/main/adapters/fs/key-file-access';
import { FilePermissionProtector } from '../../../../../src/main/core/wallet/file-permission-protector';
import { formatKeygenJson, parseKeygenJson } from '../../../../../src/main/core/wallet/keygen-json';
import { NodeKeystore } from '../../../../../src/main/core/wallet/node-keystore';
import { PassphraseProtector } from '../../../../../src/main/core/wallet/passphrase-protector';
import type { KeyProtector } from '../../../../../src/main/core/wallet/ports';
import { walletErrorOf } from '../../../../support/wallet/wallet-error-of';
import { ManualClock, RecordingLogger } from '../../../../support/core-fakes';

// Cheap scrypt for tests; the stored params make the file self-describing, so opening uses what was written.
const FAST = { N: 2 ** 12, r: 8, p: 1 };

let dir: string;
let path: string;
let logger: RecordingLogger;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridhost-keystore-'));
  path = join(dir, 'node-key.json');
  logger = new RecordingLogger();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function keystore(...protectors: [KeyProtector, ...KeyProtector[]]): NodeKeystore {
  return new NodeKeystore({
    path,
    files: new FsKeyFileAccess(),
    protectors,
    logger,
    clock: new ManualClock(),
  });
}

/** The keystore file as these tests poke at it. */
interface StoredEnvelope {
  address: string;
  protection: {
    kind: string;
    seed?: string;
    kdf: { N: number; salt: string };
    cipher: { nonce: string };
  };
}

const passphrase = (value: string) => new PassphraseProtector(async () => value, FAST);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return (await walletErrorOf(promise)).code;
}

describe('NodeKeystore with file permissions only (headless, no passphrase)', () => {
  it('makes a key on first run, writes it owner-only (0600), and loads the same key after', async () => {
    const first = await keystore(new FilePermissionProtector()).loadOrCreate();
    expect(first.created).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);

    const again = await keystore(new FilePermissionProtector()).loadOrCreate();
    expect(again.created).toBe(false);
    expect(again.keypair.address).toBe(first.keypair.address);
  });

  it('leaves no temporary file behind and logs the address, never the seed', async () => {
    const { keypair } = await keystore(new FilePermissionProtector()).loadOrCreate();
    expect(await readdir(dir)).toEqual(['node-key.json']);
    const logged = JSON.stringify(logger.records);
    expect(logged).toContain(keypair.address);
    expect(logged).not.toContain(Buffer.from(keypair.revealSeed()).toString('base64'));
  });

  it('tightens a key file that other users can read back to 0600, and says so', async () => {
    await keystore(new FilePermissionProtector()).loadOrCreate();
    await chmod(path, 0o644);
    await keystore(new FilePermissionProtector()).load();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(logger.records.some((r) => r.level === 'warn' && r.msg.includes('0600'))).toBe(true);
  });

  it('says there is no key when asked to load one that was never made', async () => {
    expect(await codeOf(keystore(new FilePermissionProtector()).load())).toBe('keystore_missing');
  });
});

describe('NodeKeystore with a passphrase (scrypt + AES-256-GCM)', () => {
  it('round-trips, and the file holds a versioned envelope without the seed in it', async () => {
    const { keypair } = await keystore(passphrase('correct horse')).loadOrCreate();
    const loaded = await keystore(passphrase('correct horse')).load();
    expect(loaded.address).toBe(keypair.address);

    const text = await readFile(path, 'utf8');
    const envelope = JSON.parse(text) as StoredEnvelope;
    expect(envelope).toMatchObject({
      format: 'gridhost-node-key',
      version: 1,
      address: keypair.address,
      protection: { kind: 'passphrase', kdf: { name: 'scrypt', N: FAST.N, r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } },
    });
    expect(Buffer.from(envelope.protection.kdf.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(envelope.protection.cipher.nonce, 'base64')).toHaveLength(12);
    expect(text).not.toContain(Buffer.from(keypair.revealSeed()).toString('base64'));
    expect(text).not.toContain(Buffer.from(keypair.revealSeed()).toString('hex'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong passphrase with wrong_passphrase and leaves the file exactly as it was', async () => {
    await keystore(passphrase('correct horse')).loadOrCreate();
    const before = await readFile(path, 'utf8');
    expect(await codeOf(keystore(passphrase('correct hors')).load())).toBe('wrong_passphrase');
    expect(await codeOf(keystore(passphrase('correct hors')).loadOrCreate())).toBe('wrong_passphrase');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['node-key.json']);
  });

  it('asks for the passphrase when none is given', async () => {
    await keystore(passphrase('correct horse')).loadOrCreate();
    expect(await codeOf(keystore(passphrase('')).load())).toBe('passphrase_required');
  });

  it('detects a sealed key moved under another address (the header is authenticated)', async () => {
    await keystore(passphrase('pw')).loadOrCreate();
    const envelope = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    envelope.address = Keypair.generate().publicKey.toBase58();
    await writeFile(path, JSON.stringify(envelope), { mode: 0o600 });
    expect(await codeOf(keystore(passphrase('pw')).load())).toBe('wrong_passphrase');
  });

  it('refuses hostile scrypt parameters instead of allocating gigabytes', async () => {
    await keystore(passphrase('pw')).loadOrCreate();
    const envelope = JSON.parse(await readFile(path, 'utf8')) as StoredEnvelope;
    envelope.protection.kdf.N = 2 ** 30;
    await writeFile(path, JSON.stringify(envelope), { mode: 0o600 });
    expect(await codeOf(keystore(passphrase('pw')).load())).toBe('keystore_corrupt');
  });

  it('opens a file sealed by the other headless protector, and says which it cannot open', async () => {
    const { keypair } = await keystore(new FilePermissionProtector()).loadOrCreate();
    // Set up for passphrase sealing, but still able to open the existing file-permission key.
    const both = keystore(passphrase('pw'), new FilePermissionProtector());
    expect(both.describeProtection()).toBe('a passphrase');
    expect((await both.load()).address).toBe(keypair.address);
    // The owner is told what protects this key, not what would protect a new one.
    expect(both.describeProtection()).toBe('file permissions only (no passphrase)');

    const onlyPassphrase = keystore(passphrase('pw'));
    const error = await walletErrorOf(onlyPassphrase.load());
    expect(error.code).toBe('keyring_unavailable');
    expect(error.message).toContain('"file-permissions"');
  });
});

describe('NodeKeystore with an unreadable file', () => {
  it.each([
    ['garbage bytes', 'this is not json {'],
    ['JSON of another shape', '{"hello":"world"}'],
    ['a damaged seed', null],
  ])('moves a file with %s aside, says where, and makes no new key over it', async (_label, content) => {
    const { keypair } = await keystore(new FilePermissionProtector()).loadOrCreate();
    const backup = formatKeygenJson(keypair);
    if (content === null) {
      const envelope = JSON.parse(await readFile(path, 'utf8')) as StoredEnvelope;
      envelope.protection.seed = Buffer.from('short').toString('base64');
      content = JSON.stringify(envelope);
    }
    await writeFile(path, content);

    const error = await walletErrorOf(keystore(new FilePermissionProtector()).loadOrCreate());
    expect(error.code).toBe('keystore_corrupt');
    const names = await readdir(dir);
    const aside = names.find((n) => n.startsWith('node-key.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(content);
    expect(error.message).toContain(aside!);
    expect(error.message).toContain('gridhost key import');

    // Starting again must not quietly make a new identity while the old file waits.
    expect(await codeOf(keystore(new FilePermissionProtector()).loadOrCreate())).toBe('keystore_quarantined');
    expect(names).not.toContain('node-key.json');

    // Restoring the backup is the way out.
    const restored = await keystore(new FilePermissionProtector()).importKeygen(backup, { replace: false });
    expect(restored.address).toBe(keypair.address);
    expect((await keystore(new FilePermissionProtector()).loadOrCreate()).keypair.address).toBe(keypair.address);
  });

  it('treats a seed that does not match the stored address as damage', async () => {
    await keystore(new FilePermissionProtector()).loadOrCreate();
    const envelope = JSON.parse(await readFile(path, 'utf8')) as StoredEnvelope;
    envelope.address = Keypair.generate().publicKey.toBase58();
    await writeFile(path, JSON.stringify(envelope));
    const error = await walletErrorOf(keystore(new FilePermissionProtector()).load());
    expect(error.code).toBe('keystore_corrupt');
    expect(error.message).toMatch(/does not match the address/);
  });
});

describe('NodeKeystore import and export', () => {
  it('exports a solana-keygen file that imports into a fresh keystore as the same identity', async () => {
    const { keypair } = await keystore(passphrase('pw')).loadOrCreate();
    const exported = formatKeygenJson(await keystore(passphrase('pw')).load());
    expect(Keypair.fromSecretKey(Uint8Array.from(JSON.parse(exported) as number[])).publicKey.toBase58()).toBe(
      keypair.address,
    );

    await rm(path);
    const imported = await keystore(passphrase('new pw')).importKeygen(exported, { replace: false });
    expect(imported.address).toBe(keypair.address);
    expect((await keystore(passphrase('new pw')).load()).address).toBe(keypair.address);
  });

  it('refuses to replace a different key unless asked, and then keeps the old file', async () => {
    const { keypair: current } = await keystore(new FilePermissionProtector()).loadOrCreate();
    const other = Keypair.generate();
    const otherFile = JSON.stringify(Array.from(other.secretKey));

    const error = await walletErrorOf(
      keystore(new FilePermissionProtector()).importKeygen(otherFile, { replace: false }),
    );
    expect(error.code).toBe('keystore_exists');
    expect(error.message).toContain(current.address);
    expect((await keystore(new FilePermissionProtector()).load()).address).toBe(current.address);

    await keystore(new FilePermissionProtector()).importKeygen(otherFile, { replace: true });
    expect((await keystore(new FilePermissionProtector()).load()).address).toBe(other.publicKey.toBase58());
    const kept = (await readdir(dir)).find((n) => n.startsWith('node-key.json.replaced-'));
    expect(kept).toBeDefined();
    const keptEnvelope = JSON.parse(await readFile(join(dir, kept!), 'utf8')) as { address: string };
    expect(keptEnvelope.address).toBe(current.address);
    expect((await stat(join(dir, kept!))).mode & 0o777).toBe(0o600);
  });

  it('re-importing the same key is not a replacement', async () => {
    const { keypair } = await keystore(new FilePermissionProtector()).loadOrCreate();
    await keystore(new FilePermissionProtector()).importKeygen(formatKeygenJson(keypair), { replace: false });
    expect(await readdir(dir)).toEqual(['node-key.json']);
  });

  it('checks the file before touching the keystore', async () => {
    const { keypair } = await keystore(new FilePermissionProtector()).loadOrCreate();
    expect(await codeOf(keystore(new FilePermissionProtector()).importKeygen('[1,2,3]', { replace: true }))).toBe(
      'key_format',
    );
    expect((await keystore(new FilePermissionProtector()).load()).address).toBe(keypair.address);
    expect(parseKeygenJson(formatKeygenJson(keypair)).address).toBe(keypair.address);
  });
});
