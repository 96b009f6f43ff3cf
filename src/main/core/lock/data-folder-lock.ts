import { z } from 'zod';
import type { Clock } from '../ports';
import type { LockFile, ProcessTable } from './ports';

/** Who holds the data folder: what a second host or command prints when it refuses. */
export const LockHolderSchema = z.object({
  pid: z.number().int().positive(),
  /** When it took the lock (ISO 8601). */
  startedAt: z.string(),
  /** The headless dashboard's address (without its token), or null (the desktop app, a command). */
  dashboardUrl: z.string().nullable(),
  mode: z.enum(['desktop', 'headless', 'cli']),
  /** The process's start mark (ProcessTable.startMark), to tell a reused pid apart; null where unknown. */
  processStart: z.string().nullable().default(null),
});
export type LockHolder = z.infer<typeof LockHolderSchema>;

/** The lock, held by this process: released when the host or the command ends. */
export interface HeldLock {
  readonly holder: LockHolder;
  /** Records the dashboard's address once the headless server listens. */
  setDashboardUrl(url: string | null): Promise<void>;
  release(): Promise<void>;
  /** Releases synchronously: for the process's `exit` hook. */
  releaseNow(): void;
}

export type LockClaim =
  | { ok: true; lock: HeldLock; tookOverFrom: LockHolder | null; unreadableTakenOver: boolean }
  | { ok: false; holder: LockHolder };

/** Attempts before giving up when other processes race for a lock that is stale. */
const ATTEMPTS = 5;

/**
 * One writer per data folder. The lock is a file created atomically (it either exists whole or not at all)
 * holding who took it: pid, since when, the dashboard's address and the mode. A lock whose process is gone
 * (or whose pid now belongs to a process that started later) is stale and taken over: moved aside by one
 * atomic rename, checked to be the very lock judged stale, then created anew.
 */
export class DataFolderLock {
  constructor(
    private readonly file: LockFile,
    private readonly processes: ProcessTable,
    private readonly clock: Clock,
  ) {}

  async acquire(claim: { mode: LockHolder['mode']; dashboardUrl?: string | null }): Promise<LockClaim> {
    const holder: LockHolder = {
      pid: this.processes.pid,
      startedAt: new Date(this.clock.now()).toISOString(),
      dashboardUrl: claim.dashboardUrl ?? null,
      mode: claim.mode,
      processStart: this.processes.startMark(this.processes.pid),
    };
    let tookOverFrom: LockHolder | null = null;
    let unreadableTakenOver = false;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const text = JSON.stringify(holder);
      if (await this.file.create(text)) return { ok: true, lock: this.held(holder, text), tookOverFrom, unreadableTakenOver };
      const existing = await this.file.read();
      if (existing === null) continue; // released between the two calls: try again
      const other = parseHolder(existing);
      if (other && this.isLive(other)) return { ok: false, holder: other };
      const moved = await this.file.moveAside();
      if (moved === null) continue;
      if (moved.text !== existing) {
        // Another process took the stale lock over first and this rename moved its fresh lock: give it back.
        await moved.putBack();
        continue;
      }
      await moved.discard();
      if (other) tookOverFrom = other;
      else unreadableTakenOver = true;
    }
    throw new Error(`Could not take the data folder's lock ${this.file.path}: other processes keep taking it. Try again.`);
  }

  /** Whether the process that wrote this lock still runs (the same process, not a later one with its pid). */
  private isLive(holder: LockHolder): boolean {
    if (!this.processes.isAlive(holder.pid)) return false;
    if (holder.processStart === null) return true;
    const now = this.processes.startMark(holder.pid);
    return now === null || now === holder.processStart;
  }

  private held(initial: LockHolder, initialText: string): HeldLock {
    let holder = initial;
    let text = initialText;
    let released = false;
    const file = this.file;
    return {
      get holder() {
        return holder;
      },
      async setDashboardUrl(url) {
        if (released) return;
        const next = { ...holder, dashboardUrl: url };
        const nextText = JSON.stringify(next);
        await file.replace(nextText);
        holder = next;
        text = nextText;
      },
      async release() {
        if (released) return;
        released = true;
        await file.remove(text);
      },
      releaseNow() {
        if (released) return;
        released = true;
        file.removeNow(text);
      },
    };
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One sentence for the owner: which GridHost holds the data folder, and what to do. */
export function describeHolder(holder: LockHolder, dataDir: string): string {
  const what = holder.mode === 'cli' ? 'A gridhost command' : holder.mode === 'desktop' ? 'The GridHost desktop app' : 'A headless GridHost';
  const dashboard = holder.dashboardUrl ? `, dashboard ${holder.dashboardUrl}` : '';
  return `${what} is already running on the data folder ${dataDir} (pid ${holder.pid}, since ${holder.startedAt}${dashboard}).`;
}
