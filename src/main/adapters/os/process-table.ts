import { readFileSync } from 'node:fs';
import type { ProcessTable } from '../../core/lock/ports';

/** This machine's processes: liveness by signal 0, the start time from /proc on Linux. */
export class NodeProcessTable implements ProcessTable {
  readonly pid = process.pid;

  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  isAlive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it exists, but belongs to someone we may not signal.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  startMark(pid: number): string | null {
    if (this.platform !== 'linux') return null;
    try {
      return startTimeOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return null;
    }
  }
}

/**
 * Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot. The command name (field 2) is in
 * parentheses and may hold spaces, so the fields are counted after its closing parenthesis.
 */
export function startTimeOf(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After ")": field 3 is at index 0, so field 22 is at index 19.
  return fields[19] ?? null;
}
