import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../../../../src/main/core/logs/log-line';
import type { LogSink } from '../../../../../src/main/core/logs/ports';
import { Redactor } from '../../../../../src/main/core/logs/redactor';
import { StructuredLogger } from '../../../../../src/main/core/logs/structured-logger';

class MemorySink implements LogSink {
  lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

function setup(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const sink = new MemorySink();
  const logger = StructuredLogger.create({ sink, redactor: new Redactor(), clock: { now: () => Date.UTC(2026, 10, 25, 12) }, level });
  return { sink, logger, parsed: () => sink.lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('StructuredLogger', () => {
  it('writes one JSON line with time, level, message, component and fields', () => {
    const { logger, parsed } = setup();
    logger.child({ component: 'grid' }).info('job claimed', { jobId: 'j1', seconds: 3 });
    expect(parsed()).toEqual([{ t: '2026-11-25T12:00:00.000Z', level: 'info', msg: 'job claimed', component: 'grid', jobId: 'j1', seconds: 3 }]);
  });

  it('drops lines below the level and follows a level change in every child', () => {
    const { logger, sink } = setup('warn');
    const child = logger.child({ component: 'gpu' });
    child.info('hidden');
    child.warn('shown');
    logger.setLevel('debug');
    child.debug('now shown');
    expect(sink.lines.map((l) => parseLogLine(l)?.msg)).toEqual(['shown', 'now shown']);
  });

  it('redacts the message and the fields before they reach the sink', () => {
    const { logger, sink } = setup();
    logger.error('login failed for bob@example.com', { password: 'hunter2', dir: '/home/bob/x', err: new Error('token=abcd1234 rejected') });
    const text = sink.lines.join('\n');
    expect(text).not.toMatch(/bob@example|hunter2|\/home\/bob|abcd1234/);
    const line = JSON.parse(sink.lines[0]!) as { password: string; err: { message: string } };
    expect(line.password).toBe('[REDACTED]');
    expect(line.err.message).toBe('token=[REDACTED] rejected');
  });

  it('keeps the line fields it owns: a field named msg or level cannot overwrite them', () => {
    const { logger, parsed } = setup();
    logger.warn('real message', { msg: 'fake', level: 'error', t: 'x' });
    expect(parsed()[0]).toMatchObject({ msg: 'real message', level: 'warn', 'field.msg': 'fake', 'field.level': 'error', 'field.t': 'x' });
  });

  it('never throws into the caller, even for fields JSON cannot hold', () => {
    const { logger, parsed } = setup();
    const hostile = { toJSON() { throw new Error('boom'); } };
    expect(() => logger.info('odd', { hostile })).not.toThrow();
    expect(parsed()).toHaveLength(1);
    expect(parsed()[0]?.msg).toBe('odd');
  });
});
