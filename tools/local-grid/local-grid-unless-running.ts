import { startLocalGrid, type LocalGridOptions } from './local-grid';

export interface LocalGridHandle {
  url: string;
  /** True when this call started the grid (and `close` stops it); false when one was already answering. */
  startedHere: boolean;
  close(): Promise<void>;
}

/**
 * For `gridhost start --headless --grid local`: uses the local grid already answering at `url`, or starts one
 * in this process on that URL's port, so that one command shows the whole loop on one machine.
 */
export async function startLocalGridUnlessRunning(
  url: string,
  options: Omit<LocalGridOptions, 'port'>,
): Promise<LocalGridHandle> {
  const base = new URL(url);
  if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') {
    throw new Error(`The local grid runs on 127.0.0.1 only; the grid address in Settings is ${url}.`);
  }
  if (await answers(base)) return { url: base.origin, startedHere: false, close: () => Promise.resolve() };
  const grid = await startLocalGrid({ ...options, port: Number(base.port || 80) });
  return { url: grid.url, startedHere: true, close: () => grid.close() };
}

async function answers(base: URL): Promise<boolean> {
  try {
    const res = await fetch(new URL('/v1/speedtest/ping', base), { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}
