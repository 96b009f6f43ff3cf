import type { LogLevel } from '../ports';
import { atLeast, parseLogLine, type LogLine } from './log-line';
import type { LogFileInfo, LogFolder } from './ports';

export interface RecentLogsQuery {
  /** The lowest level shown. */
  level: LogLevel;
  /** Case-insensitive text that the line (message or any field) must contain. */
  search?: string;
  /** Most lines returned. */
  limit: number;
}

export interface RecentLogsResult {
  /** Matching lines, oldest first, the newest `limit` of them. */
  lines: LogLine[];
  /** True when older lines were not searched (the scan budget ran out before the files did). */
  more: boolean;
}

const BLOCK_BYTES = 256 * 1024;
const MAX_SCAN_BYTES = 32 * 1024 * 1024;
const MAIN_LOG = /^gridhost(?:\.(\d+))?\.log$/;

/**
 * The tail of the main log for the Support page: reads the files backwards from the newest line, a block at
 * a time, until it has `limit` matches or has read its budget, so a query costs the same whatever the size
 * of the log folder.
 */
export class RecentLogs {
  constructor(
    private readonly folder: LogFolder,
    /** Writes out queued lines first, so the newest ones are found. */
    private readonly flushLog?: () => Promise<void>,
  ) {}

  async query(query: RecentLogsQuery): Promise<RecentLogsResult> {
    await this.flushLog?.();
    const needle = query.search?.trim().toLowerCase() || null;
    const files = (await this.folder.list()).filter((f) => MAIN_LOG.test(f.name)).sort((a, b) => rotationIndex(a) - rotationIndex(b));
    const found: LogLine[] = [];
    let budget = MAX_SCAN_BYTES;
    for (const file of files) {
      const exhausted = await this.scanBackwards(file, (text) => {
        if (needle && !text.toLowerCase().includes(needle)) return false;
        const line = parseLogLine(text);
        if (!line || !atLeast(line.level, query.level)) return false;
        found.push(line);
        return found.length >= query.limit;
      }, (bytes) => (budget -= bytes) > 0);
      if (found.length >= query.limit) return { lines: found.reverse(), more: true };
      if (!exhausted) return { lines: found.reverse(), more: true };
    }
    return { lines: found.reverse(), more: false };
  }

  /**
   * Calls `visit` with each line from the last to the first; stops when it returns true. Returns false when
   * the scan stopped early (enough lines, or out of budget).
   */
  private async scanBackwards(file: LogFileInfo, visit: (line: string) => boolean, spend: (bytes: number) => boolean): Promise<boolean> {
    let end = file.bytes;
    let carry = Buffer.alloc(0);
    while (end > 0) {
      const start = Math.max(0, end - BLOCK_BYTES);
      let block: Buffer;
      try {
        block = await this.folder.readRange(file.name, start, end);
      } catch {
        return true; // Rotated away while reading: move on to the next file.
      }
      if (!spend(block.length)) return false;
      let buffer = Buffer.concat([block, carry]);
      // Everything before the first newline may be the end of a line that starts in the previous block.
      const cut = start > 0 ? buffer.indexOf(0x0a) : -1;
      if (start > 0 && cut === -1) {
        carry = buffer;
        end = start;
        continue;
      }
      carry = start > 0 ? buffer.subarray(0, cut) : Buffer.alloc(0);
      buffer = buffer.subarray(cut + 1);
      const lines = buffer.toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const text = lines[i];
        if (text && visit(text)) return false;
      }
      end = start;
    }
    return true;
  }
}

function rotationIndex(file: LogFileInfo): number {
  return Number(MAIN_LOG.exec(file.name)?.[1] ?? 0);
}
