import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoopbackServiceDialer } from '../src/main/adapters/http/local-service-dialer';
import { GridRelayTunnelOpener } from '../src/main/adapters/ws/grid-relay-tunnel';
import { ServiceRelay } from '../src/main/core/relay/job-services';
import { startLocalGrid } from '../tools/local-grid/local-grid';
import { sampleInferenceJob } from '../tools/local-grid/sample-job';
import { ensureTestImage } from '../tests/support/docker-images';
import { enrollmentWith, passingBenchmark } from '../tests/support/grid/benchmark-fixtures';
import { makeTestSigner } from '../tests/support/grid/test-node-signer';
import { benchSupervisor, quiet } from './support/bench-supervisor';
import { table } from './support/proc-sampler';
import { percentile } from './support/stats';

const FILE_MIB = Number(process.env.BENCH_RELAY_MIB ?? 64);
const LATENCY_ROUNDS = Number(process.env.BENCH_RELAY_ROUNDS ?? 200);
const TARGET_THROUGHPUT_RATIO = 0.5;
const TARGET_ADDED_P50_MS = 5;

/** One GET: milliseconds to the last byte and bytes read. */
function get(url: URL, headers: Record<string, string>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.byteLength));
      res.on('end', () => (res.statusCode === 200 ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`GET ${url.pathname}: ${res.statusCode}`))));
    })
      .on('error', reject)
      .end();
  });
}

/**
 * The service relay beside a direct connection to the container: a busybox httpd in a job container (through
 * the supervisor, published on 127.0.0.1 by its port proxy) serving a FILE_MIB MiB file and a tiny one, fetched
 * straight from the published port and through the local grid's relay (host tunnel, framing, credit).
 */
export async function run(): Promise<boolean> {
  const image = await ensureTestImage();
  const bench = await benchSupervisor('bench-relay', 1024 * 1024, image);
  const dir = mkdtempSync(join(tmpdir(), 'gridhost-bench-relay-'));
  const grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
  const signer = makeTestSigner();
  let stop = (): void => undefined;
  let jobId: string | null = null;
  try {
    grid.transaction(() => {
      grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null })));
      grid.coordinator.joinQueue(signer.address);
    });
    const { job, service } = grid.postJob({ market: 'cpu-dev', definition: sampleInferenceJob({ image, durationSeconds: 600, gpu: false }) });
    jobId = job.id;
    const op = await bench.supervisor.run({
      jobId: job.id,
      opId: 'serve',
      image,
      cmd: ['sh', '-c', `mkdir -p /tmp/www && head -c ${FILE_MIB * 1024 * 1024} /dev/zero > /tmp/www/big && echo ok > /tmp/www/small && exec httpd -f -p 8080 -h /tmp/www`],
      expose: [8080],
    });
    const relay = new ServiceRelay(new GridRelayTunnelOpener(() => grid.url, async () => signer), new LoopbackServiceDialer(), quiet, { checkIntervalMs: 100, checkTimeoutMs: 2000, startupTimeoutMs: 30_000 });
    const running = relay.start(job.id, 'serve', [{ port: 8080, type: 'web', healthChecks: [{ type: 'http', path: '/small', method: 'GET', expected_status: 200, continuous: false }] }], op.hostPorts);
    stop = running.stop;
    const deadline = Date.now() + 30_000;
    while (relay.list()[0]?.health !== 'up') {
      if (Date.now() > deadline) throw new Error('the relayed service did not come up');
      await new Promise((r) => setTimeout(r, 50));
    }
    const direct = (path: string) => new URL(`http://127.0.0.1:${op.hostPorts['8080/tcp']}/${path}`);
    const relayed = (path: string) => new URL(`${service.path}${path}`, grid.url);
    const auth = { authorization: `Bearer ${service.token}` };

    const throughput = async (url: URL, headers: Record<string, string>) => {
      const { ms, bytes } = await get(url, headers);
      return bytes / (1024 * 1024) / (ms / 1000);
    };
    // One warm-up each, then the better of two rounds.
    await get(direct('big'), {});
    await get(relayed('big'), auth);
    const directMiBs = Math.max(await throughput(direct('big'), {}), await throughput(direct('big'), {}));
    const relayMiBs = Math.max(await throughput(relayed('big'), auth), await throughput(relayed('big'), auth));

    const latencies = async (url: URL, headers: Record<string, string>) => {
      const samples: number[] = [];
      for (let i = 0; i < LATENCY_ROUNDS; i++) samples.push((await get(url, headers)).ms);
      return percentile(samples, 50);
    };
    const directP50 = await latencies(direct('small'), {});
    const relayP50 = await latencies(relayed('small'), auth);
    const ratio = relayMiBs / directMiBs;
    const added = relayP50 - directP50;
    process.stdout.write(
      `${table([
        { path: 'direct (published port)', 'MiB/s': directMiBs.toFixed(0), 'p50 small GET ms': directP50.toFixed(2) },
        { path: 'through the grid relay', 'MiB/s': relayMiBs.toFixed(0), 'p50 small GET ms': relayP50.toFixed(2) },
      ])}\n`,
    );
    const met = ratio >= TARGET_THROUGHPUT_RATIO && added < TARGET_ADDED_P50_MS;
    process.stdout.write(
      `throughput ${ratio.toFixed(2)}x direct (target at least ${TARGET_THROUGHPUT_RATIO}x), added p50 ${added.toFixed(2)} ms (target under ${TARGET_ADDED_P50_MS} ms): ${met ? 'met' : 'MISSED'}\n`,
    );
    return met;
  } finally {
    stop();
    // The service and its job network: reconcile on close leaves alone what the supervisor still runs.
    if (jobId) {
      await bench.supervisor.stop(jobId, 'serve').catch(() => undefined);
      await bench.supervisor.removeJobNetwork(jobId).catch(() => undefined);
    }
    await grid.close();
    await bench.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
