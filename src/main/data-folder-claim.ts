import { mkdir } from 'node:fs/promises';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import { resolveDataDir } from './adapters/fs/data-folder';
import { FsLockFile } from './adapters/fs/lock-file';
import { NodeProcessTable } from './adapters/os/process-table';
import { DataFolderLock, type LockClaim, type LockHolder } from './core/lock/data-folder-lock';
import { systemClock, type Logger } from './core/ports';

/** The data folder, and whether this process got its lock (one writer per data folder). */
export type DataFolderClaim = LockClaim & { dataDir: string };
/** A claim that got the lock. */
export type HeldClaim = Extract<DataFolderClaim, { ok: true }>;

/** The data folder a host of these options uses: the given one, GRIDHOST_HOME, or the platform's app-data folder. */
export function dataDirOf(options: { env?: NodeJS.ProcessEnv; dataDir?: string }): string {
  return options.dataDir ?? resolveDataDir(options.env ?? process.env, platform(), homedir());
}

/**
 * Takes the data folder's lock before anything of it is touched. Refused (with who holds it) while another
 * live GridHost process holds it; a lock whose process is gone is taken over.
 */
export async function claimDataFolder(options: { mode: LockHolder['mode']; env?: NodeJS.ProcessEnv; dataDir?: string }): Promise<DataFolderClaim> {
  const dataDir = dataDirOf(options);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = new DataFolderLock(new FsLockFile(join(dataDir, LOCK_FILE)), new NodeProcessTable(), systemClock);
  return { ...(await lock.acquire({ mode: options.mode })), dataDir };
}

/** The lock file's name in the data folder. */
export const LOCK_FILE = 'gridhost.lock';

/**
 * The data folder's lock for the runtime's life: a takeover of a stale lock is logged, and the lock (with the
 * control channel's files) is released on close, or synchronously when the process exits however it exits.
 */
export function holdClaim(claim: HeldClaim | undefined, logger: Logger) {
  const onExit: Array<() => void> = [];
  const exitHook = () => onExit.forEach((hook) => hook());
  if (claim) {
    if (claim.tookOverFrom) {
      logger.warn('took over the data folder lock of a GridHost process that is gone', { ...claim.tookOverFrom });
    } else if (claim.unreadableTakenOver) {
      logger.warn('took over an unreadable data folder lock');
    }
    onExit.push(() => claim.lock.releaseNow());
    process.on('exit', exitHook);
  }
  return {
    lock: claim?.lock ?? null,
    onExit: (hook: () => void) => onExit.unshift(hook),
    async release() {
      process.off('exit', exitHook);
      await claim?.lock.release();
    },
  };
}
