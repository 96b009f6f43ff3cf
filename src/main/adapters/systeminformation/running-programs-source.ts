import si from 'systeminformation';
import { signalUnavailable, signalValue, type RunningPrograms, type Signal, type SignalSource } from '../../core/sharing/ports';

/** How long one list of processes is reused: listing them on Windows takes a moment of CPU. */
const REUSE_MS = 10_000;

/**
 * The running programs' names on Windows and macOS, from systeminformation's process list (Linux reads
 * /proc directly: adapters/linux/proc-programs-source.ts). Listed at most every 10 s: a blocked program is
 * one the owner starts by hand, not one that needs the GPU back within a second.
 */
export function systemProgramsSource(list: () => Promise<{ list: Array<{ name: string }> }> = () => si.processes()): SignalSource<RunningPrograms> {
  let last: { at: number; names: string[] } | null = null;
  return {
    id: 'programs:systeminformation',
    async read(): Promise<Signal<RunningPrograms>> {
      const now = Date.now();
      if (last && now - last.at < REUSE_MS) return signalValue(last.names);
      try {
        const names = [...new Set((await list()).list.map((p) => p.name).filter((n) => n !== ''))];
        last = { at: now, names };
        return signalValue(names);
      } catch (err) {
        return signalUnavailable(`the process list could not be read: ${(err as Error).message}`);
      }
    },
  };
}
