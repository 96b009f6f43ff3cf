import { LogLineSchema, type LogLine } from '../../../shared/contract/logs';
import type { LogLevel } from '../ports';

export { LogLineSchema, type LogLine };

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** True when a line of `level` passes a filter set to `min`. */
export function atLeast(level: LogLevel, min: LogLevel): boolean {
  return RANK[level] >= RANK[min];
}

/** Keys every line has; fields with these names are written as `field.<name>` so they cannot overwrite them. */
const RESERVED_KEYS = new Set(['t', 'level', 'msg', 'component']);

/** The JSON text of one line (no newline). Fields were redacted by the caller. */
export function formatLogLine(
  time: Date,
  level: LogLevel,
  msg: string,
  component: string | undefined,
  fields: Record<string, unknown>,
): string {
  const line: Record<string, unknown> = { t: time.toISOString(), level, msg };
  if (component !== undefined) line.component = component;
  for (const [key, value] of Object.entries(fields)) {
    line[RESERVED_KEYS.has(key) ? `field.${key}` : key] = value;
  }
  return JSON.stringify(line);
}

/** The line parsed, or null when it is not a log line (a corrupt or foreign line). */
export function parseLogLine(text: string): LogLine | null {
  if (!text.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = LogLineSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
