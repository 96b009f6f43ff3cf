import type { LedgerEntry } from '../earnings/ledger-entry';
import type { EnrollmentStatus } from '../grid/enrollment-service';
import type { GridClient } from '../grid/grid-client';
import type { Earning } from '../grid/protocol';

/**
 * The ports of the host loop, narrowed to what it calls so that the loop is unit-tested with small fakes.
 * Composition hands it the real grid connection, enrollment service, ledger and container supervisor.
 */

/** The grid calls the loop makes while it shares. */
export type LoopGridClient = Pick<GridClient, 'joinQueue' | 'leaveQueue' | 'nextJob' | 'heartbeat' | 'finish' | 'quit' | 'run'>;

/** The configured grid: its address (Settings may change it) and a signed client for it. */
export interface LoopGrid {
  readonly url: string;
  client(): Promise<LoopGridClient>;
}

/** The enrollment status as the grid tells it, and as it was last told (while the grid cannot answer). */
export interface LoopEnrollment {
  refresh(options?: { attempts?: number }): Promise<EnrollmentStatus>;
  lastKnown(): Promise<EnrollmentStatus | null>;
}

/** The per-job earnings ledger. */
export interface LoopLedger {
  load(): Promise<void>;
  list(): LedgerEntry[];
  /** Records a run the grid closed, with what only the host knows. */
  record(earning: Earning, host: { exitCode: number | null; note: string | null }): Promise<void>;
  /** Takes the grid's list as it is (throws when the grid cannot answer). */
  refresh(): Promise<unknown>;
}
