import type Database from 'better-sqlite3';
import type { AvailabilityLog } from '../../core/earnings/ports';

/** When the host was available for jobs, as changes in the host database's `availability_log` table. */
export class SqliteAvailabilityLog implements AvailabilityLog {
  private readonly last: Database.Statement<[number], { at_ms: number; available: number }>;
  private readonly between: Database.Statement<[number, number], { at_ms: number; available: number }>;
  private readonly insert: Database.Statement<[number, number]>;

  constructor(db: Database.Database) {
    this.last = db.prepare('SELECT at_ms, available FROM availability_log WHERE at_ms < ? ORDER BY at_ms DESC LIMIT 1');
    this.between = db.prepare('SELECT at_ms, available FROM availability_log WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms');
    this.insert = db.prepare('INSERT INTO availability_log (at_ms, available) VALUES (?, ?)');
  }

  record(atMs: number, available: boolean): void {
    const last = this.last.get(Number.MAX_SAFE_INTEGER);
    if (last && Boolean(last.available) === available) return;
    this.insert.run(atMs, available ? 1 : 0);
  }

  availableMs(fromMs: number, toMs: number): number {
    let available = Boolean(this.last.get(fromMs)?.available);
    let since = fromMs;
    let total = 0;
    for (const change of this.between.all(fromMs, toMs)) {
      if (available) total += change.at_ms - since;
      available = Boolean(change.available);
      since = change.at_ms;
    }
    if (available) total += toMs - since;
    return total;
  }
}
