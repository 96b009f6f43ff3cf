import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError } from '../../shared/api-error';
import { buildApi, type GridhostApi } from '../../shared/api-surface';
import { createHostRuntime, type HostRuntime } from '../composition';
import { connectControl, ControlUnreachable } from '../control/control-client';
import type { OwnerApi } from '../core/api/owner-requests';
import { describeHolder, type LockHolder } from '../core/lock/data-folder-lock';
import { claimDataFolder, type DataFolderClaim } from '../data-folder-claim';
import { terminalPassphrasePrompt } from './terminal-passphrase';

/**
 * The host a command speaks to: its own, over the data folder it has locked, when no host runs; the running
 * host, over its control channel, when one does. Either way the command makes the same typed calls.
 */
export interface CliHost {
  /** The API contract: the same typed calls as the pages. */
  api: GridhostApi;
  /** The owner's requests (the node key, a bundle to a chosen path), which the pages never reach. */
  owner: OwnerApi;
  /** The running host this command speaks to, or null when the command opened the data folder itself. */
  running: LockHolder | null;
  /** Runs the start-up checks of the command's own host; nothing when a host runs already (it has). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** How long a command waits for a host that has just started to open its control channel. */
const CONTROL_WAIT_MS = 10_000;
const CONTROL_RETRY_MS = 200;

/** Opens the host for a command: through the running host's control channel, or the data folder under its lock. */
export async function openCliHost(env: NodeJS.ProcessEnv): Promise<CliHost> {
  const deadline = Date.now() + CONTROL_WAIT_MS;
  let problem = '';
  for (;;) {
    const claim = await claimDataFolder({ mode: 'cli', env });
    if (claim.ok) return ownHost(createHostRuntime({ mode: 'headless', env, claim, askPassphrase: terminalPassphrasePrompt() }));
    const { holder, dataDir } = claim;
    if (holder.mode === 'cli') {
      throw new ApiError('busy', `${describeHolder(holder, dataDir)} Run this command again when it has finished.`);
    }
    try {
      const connection = await connectControl(dataDir);
      return {
        api: buildApi(connection.transport),
        owner: connection.owner,
        running: holder,
        start: async () => undefined,
        close: async () => connection.close(),
      };
    } catch (err) {
      if (!(err instanceof ControlUnreachable)) throw err;
      problem = err.message;
      if (err.refused || Date.now() > deadline) break;
      await sleep(CONTROL_RETRY_MS);
    }
  }
  throw new ApiError(
    'host_unreachable',
    `GridHost is running on this data folder but its control channel does not answer: ${problem} ` +
      'If that host is stuck, stop it and run the command again.',
  );
}

async function ownHost(runtime: HostRuntime): Promise<CliHost> {
  // Ctrl+C or SIGTERM ends the command as before, but through `exit`, whose hook releases the data folder;
  // unless the command listens itself (a benchmark cancels its run on Ctrl+C).
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await runtime.load();
  return {
    api: runtime.api,
    owner: runtime.owner,
    running: null,
    start: () => runtime.start(),
    close: async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await runtime.close();
    },
  };
}

/**
 * Claims the data folder for a host (`gridhost start --headless`): refused, saying which host runs and what
 * to do, while another GridHost holds it. Nothing of the data folder is touched before the lock is held.
 */
export async function claimForHost(env: NodeJS.ProcessEnv): Promise<Extract<DataFolderClaim, { ok: true }>> {
  const claim = await claimDataFolder({ mode: 'headless', env });
  if (claim.ok) return claim;
  throw new ApiError(
    'host_running',
    `${describeHolder(claim.holder, claim.dataDir)} One host per data folder: stop that one first, or give this one ` +
      'its own data folder with GRIDHOST_HOME. Commands such as `gridhost status` or `gridhost share` reach the running host.',
  );
}
