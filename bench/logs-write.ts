import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RotatingFileSink } from '../src/main/adapters/logs/rotating-file-sink';
import { Redactor } from '../src/main/core/logs/redactor';
import { StructuredLogger } from '../src/main/core/logs/structured-logger';
import { systemClock } from '../src/main/core/ports';
import { table } from './support/proc-sampler';
import { runWhenMain } from './support/run-when-main';

const LINES = Number(process.env.BENCH_LOG_LINES ?? 200_000);
const BATCH = 100;
/** The host writes tens of lines a second; 20,000 a second leaves the event loop free even in a burst. */
const TARGET_LINES_PER_S = 20_000;

interface Measured {
  linesPerS: number;
  p99DelayMs: number;
}

type Log = (i: number) => void;

/**
 * The real logger (redaction, level filter, buffered rotating files) beside plain `JSON.stringify` into a
 * write stream (what a logger without redaction costs), each writing 200,000 realistic lines in batches of 100
 * per turn of the event loop. Target: at least 20,000 lines/s. The p99 event-loop delay of both is shown: the
 * writes themselves are asynchronous, so the delay is the batches' own CPU time (and this machine's load).
 */
export async function run(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'gridhost-bench-logs-'));
  try {
    const stream = createWriteStream(join(dir, 'plain.log'));
    const plain = await measure((i) => stream.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'info', msg: 'job progress', ...fields(i) })}\n`));
    await new Promise((resolve) => stream.end(resolve));

    const sink = new RotatingFileSink({ dir: join(dir, 'logs'), maxFileBytes: 10 * 1024 * 1024, maxFiles: 5 });
    const logger = StructuredLogger.create({ sink, redactor: new Redactor(), clock: systemClock, level: 'info' }).child({ component: 'jobs' });
    const ours = await measure((i) => logger.info('job progress', fields(i)));
    await sink.close();

    const row = (name: string, m: Measured) => ({ logger: name, 'lines/s': Math.round(m.linesPerS).toString(), 'p99 loop delay ms': m.p99DelayMs.toFixed(1) });
    console.log(table([row('JSON.stringify + write stream (baseline)', plain), row('StructuredLogger + RotatingFileSink', ours)]));
    const met = ours.linesPerS >= TARGET_LINES_PER_S;
    console.log(
      `logger: ${Math.round(ours.linesPerS)} lines/s = ${(ours.linesPerS / plain.linesPerS).toFixed(2)}x the baseline, p99 loop delay ` +
        `${ours.p99DelayMs.toFixed(1)} ms (baseline ${plain.p99DelayMs.toFixed(1)} ms); target >= ${TARGET_LINES_PER_S} lines/s: ${met ? 'MET' : 'NOT MET'}`,
    );
    return met;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fields like a busy host's: ids, numbers, a path with the user name, now and then an address. */
function fields(i: number): Record<string, unknown> {
  return {
    jobId: `job-${i % 97}`,
    seconds: i,
    gpuUtil: i % 100,
    dir: '/home/alice/.config/GridHost/jobs',
    ...(i % 50 === 0 ? { payout: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV' } : {}),
  };
}

async function measure(log: Log): Promise<Measured> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  for (let i = 0; i < LINES; i += BATCH) {
    for (let j = i; j < Math.min(LINES, i + BATCH); j++) log(j);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return { linesPerS: LINES / seconds, p99DelayMs: delay.percentile(99) / 1e6 };
}

runWhenMain(__filename, run);
