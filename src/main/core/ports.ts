/**
 * The ports of the core: every way the host reaches the outside world. Adapters in src/main/adapters
 * implement them; unit tests pass small hand-written fakes. Each domain keeps its own narrow ports in its
 * folder (e.g. gpu/ports.ts) and they are re-exported here.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Structured logging: a message for humans, fields for machines. Redaction happens in the sink. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds these fields (e.g. {component: 'grid'}) to every line. */
  child(bindings: LogFields): Logger;
}

/** Time, injectable so that tests control it. */
export interface Clock {
  now(): number;
}

/** A small JSON document in the data folder, written atomically. */
export interface JsonDocumentStore {
  /** The parsed document, or null when the file does not exist. Throws on unreadable JSON. */
  read(): Promise<unknown | null>;
  /** Replaces the document atomically (temp file, fsync, rename). */
  write(value: unknown): Promise<void>;
  /** Moves an unreadable document aside so that nothing is lost; returns where it went. */
  quarantine(): Promise<string>;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The node's identity as the rest of the core sees it: an address and a signing function. The secret key
 * never leaves the implementation (src/main/core/wallet); nothing else can read it.
 */
export interface NodeSigner {
  /** The node's Solana address (base58 of the ed25519 public key). */
  readonly address: string;
  /** Ed25519 signature of the message with the node key (64 bytes). */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Where a service publishes contract events; the EventBus (core/host/event-bus.ts) implements it and fans out to every client. */
export interface EventSink {
  publish<E extends import('../../shared/contract').EventName>(
    event: E,
    data: import('../../shared/contract').EventData<E>,
  ): void;
}
