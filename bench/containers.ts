import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureTestImage } from '../tests/support/docker-images';
import { benchSupervisor } from './support/bench-supervisor';
import { table } from './support/proc-sampler';

const exec = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_CONTAINER_ROUNDS ?? 8);
const FLOOD_BYTES = 100 * 1024 * 1024;
/** Targets, as ratios to the docker CLI doing the same in the same run. */
const TARGET_START_RATIO = 1.2;
const TARGET_STOP_RATIO = 1.2;
const TARGET_THROUGHPUT_RATIO = 0.5;


/** The same hardening as the supervisor, spelled as docker CLI flags, so the CLI does the same work. */
function cliFlags(name: string, memoryMiB: number, cpus: number): string[] {
  const shm = Math.min(2048, Math.max(64, Math.floor(memoryMiB / 4)));
  return [
    '--name', name, '--network', 'none', '--read-only', '--tmpfs', `/tmp:rw,nosuid,nodev,size=${shm}m`,
    '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges', '--pids-limit', '4096',
    '--memory', `${memoryMiB}m`, '--memory-swap', `${memoryMiB}m`, '--cpus', String(cpus), '--shm-size', `${shm}m`,
    '--oom-score-adj', '500', '--init', '--log-driver', 'json-file', '--log-opt', 'max-size=10m', '--log-opt', 'max-file=3',
    '--restart', 'no', '--label', 'gridhost.managed=1', '--label', 'gridhost.host=bench', '--label', 'gridhost.job=bench-cli', '--label', 'gridhost.op=x',
  ];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Bytes per second of `docker run` with its stdout piped into this process, as a user would read logs. */
function cliFlood(image: string, memoryMiB: number, cpus: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('docker', ['run', '--rm', ...cliFlags('gridhost-bench-cli-flood', memoryMiB, cpus), image, 'sh', '-c', floodScript()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.on('error', reject);
    child.on('close', () => resolve(bytes / ((performance.now() - t0) / 1000)));
  });
}

function floodScript(): string {
  return `yes ${'x'.repeat(99)} | head -c ${FLOOD_BYTES}`;
}

/**
 * Start latency (create and start, until running) and stop latency (SIGTERM until removed) of a cached image,
 * and log throughput, for the supervisor and for the docker CLI doing the same, in the same run.
 */
export async function run(): Promise<boolean> {
  const image = await ensureTestImage();
  const bench = await benchSupervisor('bench', 64 * 1024 * 1024);
  const { supervisor, settings } = bench;
  const start = { gridhost: [] as number[], cli: [] as number[] };
  const stop = { gridhost: [] as number[], cli: [] as number[] };
  try {
    for (let i = 0; i < ROUNDS; i += 1) {
      const jobId = `bench-${i}`;
      start.gridhost.push(await timed(() => supervisor.run({ jobId, opId: 'main', image, cmd: ['sleep', '600'] })));
      stop.gridhost.push(await timed(() => supervisor.stop(jobId, 'main')));

      const name = `gridhost-bench-cli-${i}`;
      start.cli.push(await timed(() => exec('docker', ['run', '-d', ...cliFlags(name, settings.memoryMiB, settings.cpus), image, 'sleep', '600'])));
      stop.cli.push(await timed(async () => {
        await exec('docker', ['stop', '-t', String(settings.stopGraceSeconds), name]);
        await exec('docker', ['rm', '-v', name]);
      }));
    }

    const t0 = performance.now();
    const flood = await supervisor.run({ jobId: 'bench-flood', opId: 'main', image, cmd: ['sh', '-c', floodScript()] });
    await flood.exited;
    const gridhostThroughput = FLOOD_BYTES / ((performance.now() - t0) / 1000);
    await supervisor.stop('bench-flood', 'main');
    const cliThroughput = await cliFlood(image, settings.memoryMiB, settings.cpus);

    const ratios = {
      start: median(start.gridhost) / median(start.cli),
      stop: median(stop.gridhost) / median(stop.cli),
      throughput: gridhostThroughput / cliThroughput,
    };
    const mibps = (b: number) => (b / 1024 / 1024).toFixed(1);
    console.log(
      table([
        { measure: `start, median of ${ROUNDS} (ms)`, gridhost: median(start.gridhost).toFixed(0), 'docker CLI': median(start.cli).toFixed(0), ratio: ratios.start.toFixed(2) },
        { measure: `stop + remove, median of ${ROUNDS} (ms)`, gridhost: median(stop.gridhost).toFixed(0), 'docker CLI': median(stop.cli).toFixed(0), ratio: ratios.stop.toFixed(2) },
        { measure: 'log throughput, 100 MiB (MiB/s)', gridhost: mibps(gridhostThroughput), 'docker CLI': mibps(cliThroughput), ratio: ratios.throughput.toFixed(2) },
      ]),
    );
    const met = ratios.start <= TARGET_START_RATIO && ratios.stop <= TARGET_STOP_RATIO && ratios.throughput >= TARGET_THROUGHPUT_RATIO;
    console.log(
      `start ${ratios.start.toFixed(2)}x CLI (target <= ${TARGET_START_RATIO}), stop ${ratios.stop.toFixed(2)}x (target <= ${TARGET_STOP_RATIO}), ` +
        `log throughput ${ratios.throughput.toFixed(2)}x (target >= ${TARGET_THROUGHPUT_RATIO}): ${met ? 'MET' : 'NOT MET'}`,
    );
    return met;
  } finally {
    await exec('docker', ['rm', '-f', ...Array.from({ length: ROUNDS }, (_, i) => `gridhost-bench-cli-${i}`), 'gridhost-bench-cli-flood']).catch(() => undefined);
    await bench.close();
  }
}

if (process.argv[1]?.endsWith('containers.ts')) void run().then((met) => (process.exitCode = met ? 0 : 1));
