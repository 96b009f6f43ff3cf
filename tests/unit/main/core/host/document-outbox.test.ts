import { describe, expect, it } from 'vitest';
import { DocumentOutbox } from '../../../../../src/main/core/host/document-outbox';
import { ManualClock, MemoryDocumentStore, RecordingLogger } from '../../../../support/core-fakes';

describe('DocumentOutbox: the outbox in a JSON document', () => {
  const open = (store: MemoryDocumentStore, logger = new RecordingLogger()) => new DocumentOutbox(store, new ManualClock(), logger);

  it('keeps messages oldest first across instances (a restart), with attempts, until each is acknowledged', async () => {
    const store = new MemoryDocumentStore();
    const outbox = open(store);
    const first = await outbox.add({ runId: 'run-1', kind: 'finish', body: { results: { exitCode: 0 } } });
    const second = await outbox.add({ runId: 'run-2', kind: 'quit', body: { reason: 'paused' } });
    await outbox.failedAttempt(first.id, 'The grid is not answering.');
    expect(second.id).toBeGreaterThan(first.id);

    const reopened = open(store);
    expect(await reopened.pending()).toMatchObject([
      { id: first.id, runId: 'run-1', kind: 'finish', attempts: 1, lastError: 'The grid is not answering.', createdAt: '2026-11-25T10:00:00.000Z' },
      { id: second.id, runId: 'run-2', kind: 'quit', attempts: 0, lastError: null },
    ]);
    await reopened.acknowledge(first.id);
    const third = await reopened.add({ runId: 'run-3', kind: 'fail', body: {} });
    expect(third.id).toBeGreaterThan(second.id);
    expect((await open(store).pending()).map((m) => m.runId)).toEqual(['run-2', 'run-3']);
  });

  it('never loses a message to two changes at once', async () => {
    const store = new MemoryDocumentStore();
    const outbox = open(store);
    await Promise.all(['a', 'b', 'c', 'd'].map((runId) => outbox.add({ runId, kind: 'quit', body: { reason: 'x' } })));
    expect((await open(store).pending()).map((m) => m.runId).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves an unreadable or unknown document aside with an error in the log, and starts empty', async () => {
    const logger = new RecordingLogger();
    const store = new MemoryDocumentStore({ messages: 'nope' });
    expect(await open(store, logger).pending()).toEqual([]);
    expect(store.quarantined).toEqual([{ messages: 'nope' }]);
    expect(logger.records.some((r) => r.level === 'error' && /outbox has an unknown shape/.test(r.msg))).toBe(true);
    const broken = new MemoryDocumentStore(null, true);
    expect(await open(broken, logger).pending()).toEqual([]);
    expect(broken.quarantined).toHaveLength(1);
  });

  it('a write that fails leaves the message out and says so to the caller', async () => {
    const store = new MemoryDocumentStore();
    const outbox = open(store);
    store.failWrites = true;
    await expect(outbox.add({ runId: 'run-1', kind: 'quit', body: {} })).rejects.toThrow(/no space/);
    store.failWrites = false;
    expect(await outbox.pending()).toEqual([]);
  });
});
