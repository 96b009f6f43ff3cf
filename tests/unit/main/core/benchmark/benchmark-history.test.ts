import { describe, expect, it } from 'vitest';
import type { BenchmarkResult } from '../../../../../src/shared/contract/gpu';
import { BenchmarkHistory, HISTORY_LIMIT } from '../../../../../src/main/core/benchmark/benchmark-history';
import { MemoryDocumentStore, RecordingLogger } from '../../../../support/core-fakes';

const result = (id: string): BenchmarkResult => ({
  id, startedAt: '2026-11-25T18:00:00.000Z', finishedAt: '2026-11-25T18:01:00.000Z', outcome: 'completed', driverVersion: '550.54.14',
  system: null, network: null, gpus: [], errors: [],
});

describe('BenchmarkHistory', () => {
  it('keeps results newest first, up to the limit', async () => {
    const store = new MemoryDocumentStore();
    const history = new BenchmarkHistory(store, new RecordingLogger());
    for (let i = 0; i < HISTORY_LIMIT + 2; i++) await history.add(result(`r${i}`));
    const list = await history.list();
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0]?.id).toBe(`r${HISTORY_LIMIT + 1}`);
    expect(await new BenchmarkHistory(store, new RecordingLogger()).list()).toEqual(list);
  });

  it('moves an unreadable or malformed document aside instead of overwriting it', async () => {
    const logger = new RecordingLogger();
    const corrupt = new MemoryDocumentStore(null, true);
    expect(await new BenchmarkHistory(corrupt, logger).list()).toEqual([]);
    expect(corrupt.quarantined).toHaveLength(1);
    const malformed = new MemoryDocumentStore({ version: 1, results: [{ id: 3 }] });
    expect(await new BenchmarkHistory(malformed, logger).list()).toEqual([]);
    expect(malformed.quarantined).toEqual([{ version: 1, results: [{ id: 3 }] }]);
    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(2);
  });
});
