import type { LedgerCursor } from './ports';

/**
 * The paging cursor as it crosses the API (`jobs.list`/`earnings.list` `before`, and `nextBefore`): the row's
 * end in ms and its run id, `<endedMs>:<runId>`. Opaque to clients.
 */
export function encodeCursor(cursor: LedgerCursor): string {
  return `${cursor.endedMs}:${cursor.runId}`;
}

/** The cursor, or null when the text is not one this host made. */
export function decodeCursor(text: string): LedgerCursor | null {
  const match = /^(\d{1,16}):([A-Za-z0-9_-]{1,64})$/.exec(text);
  if (!match) return null;
  const endedMs = Number(match[1]);
  return Number.isSafeInteger(endedMs) ? { endedMs, runId: match[2]! } : null;
}
