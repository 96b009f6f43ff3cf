import { z } from 'zod';
import type { JsonDocumentStore, Logger } from '../ports';
import type { RunInFlightStore, SavedRun } from './ports';
import { readDocument } from './read-document';

const SavedRunSchema = z.object({ runId: z.string(), jobId: z.string(), market: z.string(), opIds: z.array(z.string()) });

/** The job in flight in a JSON document of the data folder (`running-job.json`). */
export class DocumentRunInFlightStore implements RunInFlightStore {
  constructor(
    private readonly document: JsonDocumentStore,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<SavedRun | null> {
    const read = await readDocument(this.document, SavedRunSchema);
    if (read.ok) return read.value;
    this.logger.warn(`the saved job in flight ${read.problem}; moved aside`, { movedTo: read.movedTo, error: read.error });
    return null;
  }

  save(run: SavedRun): Promise<void> {
    return this.document.write(run);
  }

  clear(): Promise<void> {
    return this.document.write(null);
  }
}
