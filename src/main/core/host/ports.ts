import type { LedgerPage } from '../earnings/ports';
import type { EnrollmentStatus } from '../grid/enrollment-service';
import type { GridClient } from '../grid/grid-client';
import type { Earning } from '../grid/protocol';
import type { SharingMode } from '../../../shared/settings';

/**
 * The ports of the host loop, narrowed to what it calls so that the loop is unit-tested with small fakes.
 * Composition hands it the real grid connection, enrollment service, ledger and container supervisor.
 */

/** The grid calls the loop makes while it shares. */
export type LoopGridClient = Pick<GridClient, 'joinQueue' | 'leaveQueue' | 'nextJob' | 'heartbeat' | 'endRun' | 'job' | 'run'>;

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
  /** The newest page. */
  list(): LedgerPage;
  /** Records a run the grid closed, with what only the host knows. */
  record(earning: Earning, host: { exitCode: number | null; note: string | null }): Promise<void>;
  /** Takes the grid's list as it is (throws when the grid cannot answer). */
  refresh(): Promise<unknown>;
}

/**
 * The owner's sharing intent, kept across restarts (settings.sharing.mode): read when the loop starts, written
 * when the owner starts or pauses sharing.
 */
export interface SharingIntent {
  read(): SharingMode;
  write(mode: SharingMode): Promise<void>;
}

/** The job in flight, as saved so that a start after a crash can close it with the grid. */
export interface SavedRun {
  runId: string;
  jobId: string;
  market: string;
  /** The ops started so far (their containers are stopped on recovery). */
  opIds: string[];
}

/** Where the job in flight is kept (a row in the host's database; a JSON document before that). */
export interface RunInFlightStore {
  /** The saved run, or null. A record that cannot be read is moved aside (and logged), and null returned. */
  load(): Promise<SavedRun | null>;
  save(run: SavedRun): Promise<void>;
  clear(): Promise<void>;
}

/** What the host tells the grid to end a run. */
export type OutboxKind = 'finish' | 'quit' | 'fail';

/** A message the grid has not acknowledged yet. */
export interface OutboxMessage {
  id: number;
  runId: string;
  kind: OutboxKind;
  /** The request body as the grid client sends it (finish results, a quit or failure reason). */
  body: unknown;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

/**
 * What the grid has not acknowledged (a finish with its results, a quit, a failure), kept across restarts and
 * delivered, oldest first, once the grid answers again. Each message is delivered until acknowledged, once.
 */
export interface Outbox {
  add(message: { runId: string; kind: OutboxKind; body: unknown }): Promise<OutboxMessage>;
  /** Oldest first. */
  pending(): Promise<OutboxMessage[]>;
  acknowledge(id: number): Promise<void>;
  failedAttempt(id: number, error: string): Promise<void>;
}
