import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { systemClock, type Clock, type JsonDocumentStore, type Logger } from '../ports';
import { parseKeygenJson } from './keygen-json';
import { NodeKeypair } from './node-keypair';
import type { KeyFileAccess, KeyProtector } from './ports';
import { WalletError } from './wallet-error';

const FORMAT = 'gridhost-node-key';
const VERSION = 1;
/** JsonDocumentStore.quarantine() moves a file to `<path>.corrupt-<time>`; such a file blocks a new key. */
const QUARANTINE_INFIX = '.corrupt-';
const REPLACED_INFIX = '.replaced-';

const EnvelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  /** Stored in the clear so the address is known before unlocking, and checked against the seed after. */
  address: z.string().min(32).max(44),
  createdAt: z.iso.datetime(),
  protection: z.looseObject({ kind: z.string() }),
});
type Envelope = z.infer<typeof EnvelopeSchema>;

export interface NodeKeystoreOptions {
  /** The key file, e.g. <dataDir>/node-key.json. */
  path: string;
  /** The key file's folder: atomic owner-only documents, listing, permissions (the fs adapter). */
  files: KeyFileAccess;
  /** The first one seals new keys; any of them opens a file sealed with its kind. */
  protectors: [KeyProtector, ...KeyProtector[]];
  logger: Logger;
  clock?: Clock;
}

/** How loading went: the key, and whether it was made just now (first run). */
export interface LoadedKey {
  keypair: NodeKeypair;
  created: boolean;
}

/**
 * The node key on disk: one versioned JSON document, mode 0600, replaced atomically. The seed inside is
 * sealed by a KeyProtector and bound to the address beside it. An unreadable file is moved aside, never
 * overwritten, and no new key is made while it waits there: a new key would silently change the node's
 * identity and strand what the old address holds.
 */
export class NodeKeystore {
  private readonly path: string;
  private readonly document: JsonDocumentStore;
  private readonly options: NodeKeystoreOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  /** The protector of the file last opened or written: what the owner is told protects the key. */
  private sealedWith: KeyProtector | null = null;

  constructor(options: NodeKeystoreOptions) {
    this.options = options;
    this.path = options.path;
    this.document = options.files.document(options.path);
    this.logger = options.logger.child({ component: 'keystore' });
    this.clock = options.clock ?? systemClock;
  }

  /** How the key is protected at rest, in the owner's words (a new key: by the first protector). */
  describeProtection(): string {
    return (this.sealedWith ?? this.options.protectors[0]).describe();
  }

  /** Unlocks the node key. Throws WalletError when there is none, or it cannot be read or unlocked. */
  async load(): Promise<NodeKeypair> {
    const envelope = await this.readEnvelope();
    if (!envelope) {
      throw new WalletError(
        'keystore_missing',
        `There is no node key at ${this.path}. Start GridHost once to create one, or restore a backup with ` +
          '`gridhost key import FILE`.',
      );
    }
    return this.unlock(envelope);
  }

  /** Unlocks the node key, or makes one on first run. Refuses to make one while an unreadable file waits. */
  async loadOrCreate(): Promise<LoadedKey> {
    const envelope = await this.readEnvelope();
    if (envelope) return { keypair: await this.unlock(envelope), created: false };
    const waiting = await this.quarantinedFiles();
    if (waiting.length > 0) {
      throw new WalletError(
        'keystore_quarantined',
        `The node key file was unreadable and was moved to ${waiting[0]}. GridHost will not make a new key over ` +
          "it: that would change this node's identity and strand what its address holds. Restore your backup " +
          'with `gridhost key import FILE`; or, to start over with a new identity, move that file out of the ' +
          'data folder and start again.',
      );
    }
    const keypair = NodeKeypair.generate();
    await this.write(keypair);
    this.logger.info('node key created', { address: keypair.address, protection: this.describeProtection() });
    return { keypair, created: true };
  }

  /**
   * Stores a key read from a solana-keygen file. Replacing a different key needs `replace: true`; the old
   * file is then kept beside the new one (`<path>.replaced-<time>`), never deleted.
   */
  async importKeygen(text: string, options: { replace: boolean }): Promise<NodeKeypair> {
    const keypair = parseKeygenJson(text);
    let current: Envelope | null;
    try {
      current = await this.readEnvelope();
    } catch (err) {
      // readEnvelope has moved an unreadable file aside: importing a backup is the way out of that.
      if (err instanceof WalletError && err.code === 'keystore_corrupt') current = null;
      else throw err;
    }
    if (current && current.address !== keypair.address) {
      if (!options.replace) {
        throw new WalletError(
          'keystore_exists',
          `This node already has the key ${current.address}. Importing ${keypair.address} would replace it, and ` +
            "with it the node's identity and anything its address holds. Export the current key first " +
            '(`gridhost key export`), then import again with --replace.',
        );
      }
      const keptAt = `${this.path}${REPLACED_INFIX}${this.stamp()}`;
      await this.options.files.document(keptAt).write(current);
      this.logger.warn('node key replaced by an import', { previous: current.address, keptAt });
    }
    await this.write(keypair);
    this.logger.info('node key imported', { address: keypair.address });
    return keypair;
  }

  /** Seals the key with the first protector and writes the file. */
  private async write(keypair: NodeKeypair): Promise<void> {
    const protector = this.options.protectors[0];
    const seed = keypair.revealSeed();
    const protection = await protector.seal(seed, contextOf(keypair.address));
    seed.fill(0);
    const envelope: Envelope = {
      format: FORMAT,
      version: VERSION,
      address: keypair.address,
      createdAt: new Date(this.clock.now()).toISOString(),
      protection: { ...protection, kind: protector.kind },
    };
    await this.document.write(envelope);
    this.sealedWith = protector;
  }

  private async readEnvelope(): Promise<Envelope | null> {
    let json: unknown;
    try {
      json = await this.document.read();
    } catch (err) {
      if (err instanceof SyntaxError) throw await this.quarantine('it is not valid JSON');
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new WalletError(
        'keystore_missing',
        `The node key file ${this.path} cannot be read (${code}). Check that the data folder belongs to the ` +
          'user running GridHost.',
      );
    }
    if (json === null) return null;
    const parsed = EnvelopeSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw await this.quarantine(`${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'unexpected content'}`);
    }
    return parsed.data;
  }

  private async unlock(envelope: Envelope): Promise<NodeKeypair> {
    const protector = this.options.protectors.find((p) => p.kind === envelope.protection.kind);
    if (!protector) {
      throw new WalletError(
        'keyring_unavailable',
        `The node key in ${this.path} is sealed with "${envelope.protection.kind}", which this mode of GridHost ` +
          `cannot open (it opens: ${this.options.protectors.map((p) => p.kind).join(', ')}). Run GridHost the ` +
          'way the key was made (the desktop app for an OS-keyring key), or import a backup here.',
      );
    }
    let seed: Uint8Array;
    try {
      seed = await protector.open(envelope.protection, contextOf(envelope.address));
    } catch (err) {
      if (err instanceof WalletError && err.code === 'keystore_corrupt') throw await this.quarantine(err.message);
      throw err;
    }
    const keypair = NodeKeypair.fromSeed(seed);
    seed.fill(0);
    if (keypair.address !== envelope.address) {
      throw await this.quarantine('the sealed key does not match the address written beside it');
    }
    await this.tightenMode();
    this.sealedWith = protector;
    return keypair;
  }

  /** Moves the unreadable file aside; returns the error that says where it went and what to do. */
  private async quarantine(why: string): Promise<WalletError> {
    const movedTo = await this.document.quarantine();
    this.logger.error('node key file unreadable, moved aside', { why, movedTo });
    return new WalletError(
      'keystore_corrupt',
      `The node key file ${this.path} is unreadable (${why}). It was moved to ${movedTo} so nothing is lost, ` +
        'and no new key was made. Restore your backup with `gridhost key import FILE`, or move the file back ' +
        'if you repaired it.',
    );
  }

  private async quarantinedFiles(): Promise<string[]> {
    const prefix = `${basename(this.path)}${QUARANTINE_INFIX}`;
    const folder = dirname(this.path);
    const names = await this.options.files.list(folder);
    return names.filter((name) => name.startsWith(prefix)).sort().map((name) => join(folder, name));
  }

  /** A key file others can read is fixed and said, not refused: refusing would stop a paying host. */
  private async tightenMode(): Promise<void> {
    const previous = await this.options.files.restrictToOwner(this.path);
    if (previous !== null) {
      this.logger.warn('node key file was readable by other users; made owner-only (0600)', {
        path: this.path,
        previousMode: previous.toString(8),
      });
    }
  }

  private stamp(): string {
    return new Date(this.clock.now()).toISOString().replace(/[:.]/g, '-');
  }
}

/** The associated data that binds a sealed seed to its keystore header. */
function contextOf(address: string): Uint8Array {
  return new TextEncoder().encode(`${FORMAT}/${VERSION}/${address}`);
}
