import { z } from 'zod';
import type { Clock, JsonDocumentStore, Logger } from '../ports';
import type { Outbox, OutboxKind, OutboxMessage } from './ports';
import { readDocument } from './read-document';

const OutboxMessageSchema = z.object({
  id: z.number().int().positive(),
  runId: z.string(),
  kind: z.enum(['finish', 'quit', 'fail']),
  body: z.unknown(),
  createdAt: z.string(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
const OutboxDocumentSchema = z.object({ nextId: z.number().int().positive(), messages: z.array(OutboxMessageSchema) });
type OutboxDocument = z.infer<typeof OutboxDocumentSchema>;

/**
 * The outbox in a JSON document of the data folder (`outbox.json`), written whole on every change (the store
 * writes a temp file, fsyncs and renames). It holds a handful of messages at most: one per run the grid has not
 * acknowledged. The host's SQLite database replaces it behind the same port.
 */
export class DocumentOutbox implements Outbox {
  private document: OutboxDocument | null = null;
  /** Changes run one after another, so two never read the same document and drop each other's write. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: JsonDocumentStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  add(message: { runId: string; kind: OutboxKind; body: unknown }): Promise<OutboxMessage> {
    return this.serial(async (doc) => {
      const added: OutboxMessage = { id: doc.nextId, ...message, createdAt: new Date(this.clock.now()).toISOString(), attempts: 0, lastError: null };
      await this.write({ nextId: doc.nextId + 1, messages: [...doc.messages, added] });
      return added;
    });
  }

  pending(): Promise<OutboxMessage[]> {
    return this.serial(async (doc) => [...doc.messages].sort((a, b) => a.id - b.id));
  }

  acknowledge(id: number): Promise<void> {
    return this.serial((doc) => this.write({ ...doc, messages: doc.messages.filter((m) => m.id !== id) }));
  }

  failedAttempt(id: number, error: string): Promise<void> {
    return this.serial((doc) =>
      this.write({ ...doc, messages: doc.messages.map((m) => (m.id === id ? { ...m, attempts: m.attempts + 1, lastError: error.slice(0, 500) } : m)) }),
    );
  }

  private serial<T>(change: (doc: OutboxDocument) => Promise<T>): Promise<T> {
    const next = this.last.catch(() => undefined).then(async () => change(await this.read()));
    this.last = next;
    return next;
  }

  private async read(): Promise<OutboxDocument> {
    if (this.document) return this.document;
    this.document = await this.load();
    return this.document;
  }

  private async load(): Promise<OutboxDocument> {
    const read = await readDocument(this.store, OutboxDocumentSchema);
    if (read.ok) return read.value ?? { nextId: 1, messages: [] };
    this.logger.error(`the outbox ${read.problem}; moved aside (the grid settles those runs by expiry)`, { movedTo: read.movedTo, error: read.error });
    return { nextId: 1, messages: [] };
  }

  private async write(doc: OutboxDocument): Promise<void> {
    await this.store.write(doc);
    this.document = doc;
  }
}
