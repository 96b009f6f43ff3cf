import { z } from 'zod';
import type { JsonDocumentStore, Logger } from '../ports';
import type { RunInFlightStore, SavedRun } from './ports';

const SavedRunSchema = z.object({ runId: z.string(), jobId: z.string(), market: z.string(), opIds: z.array(z.string()) });

/** The job in flight in a JSON document of the data folder (`running-job.json`). */
export class DocumentRunInFlightStore implements RunInFlightStore {
  constructor(
    private readonly document: JsonDocumentStore,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<SavedRun | null> {
    let raw: unknown;
    try {
      raw = await this.document.read();
    } catch (err) {
      const movedTo = await this.document.quarantine();
      this.logger.warn('the saved job in flight is unreadable; moved aside', { movedTo, error: (err as Error).message });
      return null;
    }
    if (raw === null) return null;
    const saved = SavedRunSchema.safeParse(raw);
    if (saved.success) return saved.data;
    const movedTo = await this.document.quarantine();
    this.logger.warn('the saved job in flight has an unknown shape; moved aside', { movedTo });
    return null;
  }

  save(run: SavedRun): Promise<void> {
    return this.document.write(run);
  }

  clear(): Promise<void> {
    return this.document.write(null);
  }
}
