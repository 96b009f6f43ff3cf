import type { SafeStorage } from 'electron';
import { z } from 'zod';
import { SEED_BYTES } from '../../core/wallet/node-keypair';
import type { KeyProtector, SealedSeed } from '../../core/wallet/ports';
import { WalletError } from '../../core/wallet/wallet-error';

/** The part of Electron's safeStorage this adapter uses; tests pass a ten-line fake. */
export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>;

export interface SafeStorageProtectorOptions {
  /** process.platform; getSelectedStorageBackend exists on Linux only. */
  platform: NodeJS.Platform;
  /**
   * The owner agreed to keep the key under Electron's `basic_text` backend (no OS keyring: the encryption key
   * is a constant in Chromium, so it is obfuscation, not protection). Off unless the owner turned it on. The
   * agreement is recorded in the key file it seals, so opening that key later needs no new agreement.
   */
  allowBasicText: boolean | (() => boolean);
}

const SealedSchema = z
  .object({ kind: z.literal('os-keyring'), backend: z.string().max(32), ciphertext: z.base64() })
  .strict();

/**
 * Seals the node key with the OS keyring through Electron's safeStorage (Keychain on macOS, DPAPI on Windows,
 * libsecret or KWallet on Linux). On Linux it refuses `basic_text` unless the owner agreed. The context
 * (address) is bound by encrypting it with the seed and checking it on the way out.
 */
export class SafeStorageProtector implements KeyProtector {
  readonly kind = 'os-keyring';

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly options: SafeStorageProtectorOptions,
  ) {}

  describe(): string {
    const backend = this.backend();
    return backend ? `the OS keyring (${backend})` : 'the OS keyring';
  }

  async seal(seed: Uint8Array, context: Uint8Array): Promise<SealedSeed> {
    const backend = this.requireUsableBackend();
    const payload = JSON.stringify({
      seed: Buffer.from(seed).toString('base64'),
      context: Buffer.from(context).toString('base64'),
    });
    const ciphertext = this.safeStorage.encryptString(payload);
    return { kind: this.kind, backend: backend ?? this.options.platform, ciphertext: ciphertext.toString('base64') };
  }

  async open(sealed: SealedSeed, context: Uint8Array): Promise<Uint8Array> {
    const parsed = SealedSchema.safeParse(sealed);
    if (!parsed.success) {
      throw new WalletError('keystore_corrupt', 'The OS-keyring section of the key file is damaged.');
    }
    // A key sealed under basic_text records that the owner agreed to it when it was made.
    this.requireUsableBackend(parsed.data.backend === 'basic_text');
    let payload: string;
    try {
      payload = this.safeStorage.decryptString(Buffer.from(parsed.data.ciphertext, 'base64'));
    } catch {
      throw new WalletError(
        'keyring_unavailable',
        `The OS keyring (${parsed.data.backend}) could not decrypt the node key. It was sealed by this user's ` +
          'keyring on this machine; if the keyring was reset or this is another machine or user, restore your ' +
          'backup with `gridhost key import FILE`. The key file was left as it is.',
      );
    }
    const inner = z.object({ seed: z.base64(), context: z.base64() }).safeParse(safeJson(payload));
    const seed = inner.success ? Buffer.from(inner.data.seed, 'base64') : null;
    if (!inner.success || !seed || seed.length !== SEED_BYTES) {
      throw new WalletError('keystore_corrupt', 'The OS keyring decrypted the node key, but the result is damaged.');
    }
    if (!Buffer.from(inner.data.context, 'base64').equals(Buffer.from(context))) {
      throw new WalletError('keystore_corrupt', 'The sealed key belongs to another key file header.');
    }
    return new Uint8Array(seed);
  }

  /** Throws unless safeStorage can protect the key; returns the Linux backend name (null elsewhere). */
  private requireUsableBackend(agreedBefore = false): string | null {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new WalletError(
        'keyring_unavailable',
        'The OS keyring is not available, so the node key cannot be sealed or opened. On Linux, install and ' +
          'unlock GNOME Keyring or KWallet (a "Secret Service" provider) and start GridHost again; or run ' +
          'headless with a passphrase (`gridhost start --headless`).',
      );
    }
    const backend = this.backend();
    const allowed = typeof this.options.allowBasicText === 'function' ? this.options.allowBasicText() : this.options.allowBasicText;
    if (backend === 'basic_text' && !allowed && !agreedBefore) {
      throw new WalletError(
        'keyring_insecure',
        'No OS keyring was found (Electron fell back to "basic_text", whose encryption key is public), so ' +
          'GridHost will not store the node key with it. Install and unlock GNOME Keyring or KWallet and start ' +
          'again; or, if you accept that anyone who can read your files can take the key, turn on "Use the basic ' +
          'text key store" in Settings (or `gridhost settings set wallet.allowBasicTextKeyring true`); or run it headless with a passphrase ' +
          '(GRIDHOST_KEY_PASSPHRASE=… gridhost start --headless).',
      );
    }
    return backend;
  }

  private backend(): string | null {
    return this.options.platform === 'linux' ? this.safeStorage.getSelectedStorageBackend() : null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
