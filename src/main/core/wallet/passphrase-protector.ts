import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import type { KeyProtector, SealedSeed } from './ports';
import { WalletError } from './wallet-error';

/** scrypt cost parameters. N must be a power of two. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** About half a second on a laptop core: slow for a guesser, unnoticed once per start. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

// A hostile or damaged file must not make us allocate gigabytes: cap what we agree to run.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const base64 = z.base64();
const SealedSchema = z
  .object({
    kind: z.literal('passphrase'),
    kdf: z.object({
      name: z.literal('scrypt'),
      N: z
        .number()
        .int()
        .min(2 ** 10)
        .max(MAX_N)
        .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
      r: z.number().int().min(1).max(MAX_R),
      p: z.number().int().min(1).max(MAX_P),
      salt: base64,
    }),
    cipher: z.object({ name: z.literal('aes-256-gcm'), nonce: base64, tag: base64 }),
    ciphertext: base64,
  })
  .strict();

/** Where the passphrase comes from: an environment variable, a prompt, the window. Asked only when needed. */
export type PassphraseSource = () => Promise<string>;

/**
 * Seals the seed with a key derived from the owner's passphrase: scrypt (salt and cost stored beside it) and
 * AES-256-GCM (random nonce, the keystore header as associated data). A wrong passphrase and an altered file
 * both fail the GCM tag; neither yields a wrong key.
 */
export class PassphraseProtector implements KeyProtector {
  readonly kind = 'passphrase';

  constructor(
    private readonly passphrase: PassphraseSource,
    private readonly params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
  ) {}

  describe(): string {
    return 'a passphrase';
  }

  async seal(seed: Uint8Array, context: Uint8Array): Promise<SealedSeed> {
    const passphrase = await this.requirePassphrase();
    const salt = randomBytes(SALT_BYTES);
    const nonce = randomBytes(NONCE_BYTES);
    const key = await deriveKey(passphrase, salt, this.params);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(context);
    const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
    key.fill(0);
    return {
      kind: this.kind,
      kdf: { name: 'scrypt', ...this.params, salt: salt.toString('base64') },
      cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
      ciphertext: ciphertext.toString('base64'),
    };
  }

  async open(sealed: SealedSeed, context: Uint8Array): Promise<Uint8Array> {
    const parsed = SealedSchema.safeParse(sealed);
    if (!parsed.success) {
      throw new WalletError(
        'keystore_corrupt',
        `The passphrase section of the key file is damaged (${parsed.error.issues[0]?.message ?? 'unreadable'}).`,
      );
    }
    const { kdf, cipher: c, ciphertext } = parsed.data;
    const tag = Buffer.from(c.tag, 'base64');
    const nonce = Buffer.from(c.nonce, 'base64');
    if (tag.length !== TAG_BYTES || nonce.length !== NONCE_BYTES) {
      throw new WalletError('keystore_corrupt', 'The passphrase section of the key file has a damaged nonce or tag.');
    }
    const passphrase = await this.requirePassphrase();
    const key = await deriveKey(passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(context);
    decipher.setAuthTag(tag);
    try {
      return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]));
    } catch {
      throw new WalletError(
        'wrong_passphrase',
        'That passphrase does not unlock the node key (or the key file was altered). Type it again, ' +
          'checking the keyboard layout; if it is lost, restore your backup with `gridhost key import FILE`.',
      );
    } finally {
      key.fill(0);
    }
  }

  private async requirePassphrase(): Promise<string> {
    const passphrase = await this.passphrase();
    if (passphrase.length === 0) {
      throw new WalletError(
        'passphrase_required',
        'The node key is protected by a passphrase and none was given. Type it when GridHost asks (the desktop ' +
          'app\'s dialog, or `gridhost` at a terminal), or set GRIDHOST_KEY_PASSPHRASE for a service.',
      );
    }
    return passphrase;
  }
}

function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}
