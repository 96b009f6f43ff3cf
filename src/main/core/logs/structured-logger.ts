import type { Clock, LogFields, Logger, LogLevel } from '../ports';
import { atLeast, formatLogLine } from './log-line';
import type { LogSink } from './ports';
import type { Redactor } from './redactor';

/** What the root logger and all its children share: the sink, the redactor and the level in force. */
interface LoggerState {
  sink: LogSink;
  redactor: Redactor;
  clock: Clock;
  level: LogLevel;
}

/**
 * The real Logger: structured JSON lines, filtered by level, redacted before they are queued on the sink.
 * Children share the root's level, so a settings change applies to every component at once.
 */
export class StructuredLogger implements Logger {
  private constructor(
    private readonly state: LoggerState,
    private readonly bindings: LogFields,
  ) {}

  static create(options: { sink: LogSink; redactor: Redactor; clock: Clock; level: LogLevel }): StructuredLogger {
    return new StructuredLogger({ ...options }, {});
  }

  /** Changes the level for this logger, its root and every child (settings.logs.level). */
  setLevel(level: LogLevel): void {
    this.state.level = level;
  }

  get level(): LogLevel {
    return this.state.level;
  }

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
    return new StructuredLogger(this.state, { ...this.bindings, ...bindings });
  }

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (!atLeast(level, this.state.level)) return;
    const { redactor } = this.state;
    // A logger must never throw into the code that called it: a field that cannot be serialised is noted.
    try {
      const { component, ...rest } = redactor.redactFields({ ...this.bindings, ...fields });
      const line = formatLogLine(
        new Date(this.state.clock.now()),
        level,
        redactor.redactText(msg),
        typeof component === 'string' ? component : undefined,
        rest,
      );
      this.state.sink.write(line);
    } catch (err) {
      this.state.sink.write(
        formatLogLine(new Date(this.state.clock.now()), level, redactor.redactText(msg), undefined, {
          logError: `fields could not be written: ${(err as Error).message}`,
        }),
      );
    }
  }
}
