import { z } from 'zod';
import { BenchmarkResultSchema, type BenchmarkResult } from '../../../shared/contract/gpu';
import type { JsonDocumentStore, Logger } from '../ports';

const HistoryDocumentSchema = z.object({ version: z.literal(1), results: z.array(BenchmarkResultSchema) });

/** How many past results are kept. */
export const HISTORY_LIMIT = 30;

/**
 * Past benchmark results in the data folder (one JSON document, written atomically), newest first. An
 * unreadable document is moved aside, never overwritten, and the history starts again.
 */
export class BenchmarkHistory {
  private results: BenchmarkResult[] | null = null;

  constructor(
    private readonly store: JsonDocumentStore,
    private readonly logger: Logger,
  ) {}

  async list(): Promise<BenchmarkResult[]> {
    this.results ??= await this.load();
    return [...this.results];
  }

  async add(result: BenchmarkResult): Promise<void> {
    const results = [result, ...(await this.list())].slice(0, HISTORY_LIMIT);
    await this.store.write({ version: 1, results });
    this.results = results;
  }

  private async load(): Promise<BenchmarkResult[]> {
    let raw: unknown;
    try {
      raw = await this.store.read();
    } catch (err) {
      return this.setAside(`it is not JSON (${(err as Error).message})`);
    }
    if (raw === null) return [];
    const parsed = HistoryDocumentSchema.safeParse(raw);
    if (!parsed.success) return this.setAside(parsed.error.issues[0]?.message ?? 'unexpected shape');
    return parsed.data.results;
  }

  private async setAside(why: string): Promise<BenchmarkResult[]> {
    const movedTo = await this.store.quarantine();
    this.logger.warn('benchmark history unreadable; moved aside and started afresh', { why, movedTo });
    return [];
  }
}
