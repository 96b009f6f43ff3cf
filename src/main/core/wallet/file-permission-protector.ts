import { z } from 'zod';
import type { KeyProtector, SealedSeed } from './ports';
import { SEED_BYTES } from './node-keypair';
import { WalletError } from './wallet-error';

const SealedSchema = z.object({ kind: z.literal('file-permissions'), seed: z.base64() }).strict();

/**
 * No encryption: the seed is stored as it is and the key file's mode (0600, owner only) protects it, as
 * solana-keygen's own id.json. For headless rigs where nobody could type a passphrase at boot.
 */
export class FilePermissionProtector implements KeyProtector {
  readonly kind = 'file-permissions';

  describe(): string {
    return 'file permissions only (no passphrase)';
  }

  async seal(seed: Uint8Array): Promise<SealedSeed> {
    return { kind: this.kind, seed: Buffer.from(seed).toString('base64') };
  }

  async open(sealed: SealedSeed): Promise<Uint8Array> {
    const parsed = SealedSchema.safeParse(sealed);
    const seed = parsed.success ? Buffer.from(parsed.data.seed, 'base64') : null;
    if (!seed || seed.length !== SEED_BYTES) {
      throw new WalletError('keystore_corrupt', 'The seed in the key file is damaged (not 32 bytes of base64).');
    }
    return new Uint8Array(seed);
  }
}
