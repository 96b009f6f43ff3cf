import type { LogFields, Logger, LogLevel } from '../../src/main/core/ports';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A structured logger that writes raw JSON lines, unredacted: tests use it to prove that code under test never
 * logs a secret in the first place (the real logger would hide it).
 */
export class StreamJsonLogger implements Logger {
  constructor(
    private readonly write: (line: string) => void,
    private readonly minLevel: LogLevel = 'info',
    private readonly bindings: LogFields = {},
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  child(bindings: LogFields): Logger {
    return new StreamJsonLogger(this.write, this.minLevel, { ...this.bindings, ...bindings });
  }

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (ORDER[level] < ORDER[this.minLevel]) return;
    this.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...this.bindings, ...fields })}\n`);
  }
}
