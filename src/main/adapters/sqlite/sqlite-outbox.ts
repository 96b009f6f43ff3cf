import type Database from 'better-sqlite3';
import type { Outbox, OutboxKind, OutboxMessage } from '../../core/host/ports';

interface OutboxRow {
  id: number;
  run_id: string;
  kind: string;
  body: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
}

/**
 * What the grid has not acknowledged, in the host database's `outbox` table: a message is committed before the
 * host first tries to send it, and deleted only once the grid acknowledges it, so it survives a crash or a kill.
 */
export class SqliteOutbox implements Outbox {
  private readonly insert: Database.Statement<[string, string, string, string], OutboxRow>;
  private readonly selectPending: Database.Statement<[], OutboxRow>;
  private readonly remove: Database.Statement<[number]>;
  private readonly recordFailure: Database.Statement<[string, number]>;

  constructor(
    db: Database.Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare('INSERT INTO outbox (run_id, kind, body, created_at) VALUES (?, ?, ?, ?) RETURNING *');
    this.selectPending = db.prepare('SELECT * FROM outbox ORDER BY id');
    this.remove = db.prepare('DELETE FROM outbox WHERE id = ?');
    this.recordFailure = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?');
  }

  async add(message: { runId: string; kind: OutboxKind; body: unknown }): Promise<OutboxMessage> {
    const row = this.insert.get(message.runId, message.kind, JSON.stringify(message.body ?? null), this.now().toISOString());
    return messageOf(row!);
  }

  async pending(): Promise<OutboxMessage[]> {
    return this.selectPending.all().map(messageOf);
  }

  async acknowledge(id: number): Promise<void> {
    this.remove.run(id);
  }

  async failedAttempt(id: number, error: string): Promise<void> {
    this.recordFailure.run(error, id);
  }
}

function messageOf(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    runId: row.run_id,
    kind: row.kind as OutboxKind,
    body: JSON.parse(row.body) as unknown,
    createdAt: row.created_at,
    attempts: row.attempts,
    lastError: row.last_error,
  };
}
