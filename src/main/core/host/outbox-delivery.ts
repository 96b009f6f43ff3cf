import { isGridError } from '../grid/grid-error';
import { RunEndSchema, type RunEnd } from '../grid/protocol';
import type { Logger } from '../ports';
import type { LoopGridClient, LoopLedger, Outbox } from './ports';

/** Refusals that will never turn into a success: the run is closed already, is not this node's, or the body is wrong. */
const FINAL_REFUSALS = new Set(['run_closed', 'not_found', 'malformed_body']);

export interface OutboxDeliveryDeps {
  outbox: Outbox;
  ledger: LoopLedger;
  logger: Logger;
}

/**
 * Sends the outbox's messages to the grid, oldest first, and records each acknowledged one in the ledger with
 * what only the host knows (exit code, the cause). The first message the grid cannot take now stays, with the
 * failed attempt noted, and its error is thrown: the rest wait behind it, so runs end in the order they ended.
 * A message the grid refuses for good (the run already closed, say) is dropped and the ledger synced instead.
 */
export async function deliverOutbox(deps: OutboxDeliveryDeps, client: LoopGridClient): Promise<void> {
  const { outbox, ledger, logger } = deps;
  for (const message of await outbox.pending()) {
    const parsed = RunEndSchema.safeParse({ kind: message.kind, body: message.body });
    if (!parsed.success) {
      logger.error('an outbox message has an unknown shape; dropped', { run: message.runId, kind: message.kind });
      await outbox.acknowledge(message.id);
      continue;
    }
    const end = parsed.data;
    try {
      const closed = await client.endRun(message.runId, end);
      await ledger.record(closed.earning, ledgerDetails(end));
      await outbox.acknowledge(message.id);
      logger.info('job settled', { run: message.runId, kind: end.kind, outcome: closed.earning.outcome, amount: closed.earning.amount, repeated: closed.repeated });
    } catch (err) {
      if (isGridError(err) && FINAL_REFUSALS.has(err.code)) {
        logger.warn('the grid refused the end of a run for good; dropped', { run: message.runId, kind: end.kind, code: err.code, error: err.message });
        await outbox.acknowledge(message.id);
        await ledger.refresh().catch(() => undefined);
        continue;
      }
      await outbox.failedAttempt(message.id, (err as Error).message);
      logger.warn('the end of a run is kept until the grid answers', { run: message.runId, kind: end.kind, attempts: message.attempts + 1, error: (err as Error).message });
      throw err;
    }
  }
}

/** What the ledger keeps beside the grid's earning, read from the message itself (so it survives a restart). */
export function ledgerDetails(end: RunEnd): { exitCode: number | null; note: string | null } {
  switch (end.kind) {
    case 'finish':
      return { exitCode: end.body.results.exitCode, note: null };
    case 'quit':
      return { exitCode: null, note: `Quit: ${end.body.reason}.` };
    case 'fail':
      return { exitCode: end.body.results.exitCode, note: end.body.reason };
  }
}
