import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoopbackServiceDialer } from '../../../src/main/adapters/http/local-service-dialer';
import { GridRelayTunnelOpener } from '../../../src/main/adapters/ws/grid-relay-tunnel';
import { ServiceRelay } from '../../../src/main/core/relay/job-services';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { RecordingLogger } from '../../support/core-fakes';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();
const run = promisify(execFile);

/**
 * A service and its client in one job: `api` takes two seconds before it listens (a model loading), is named
 * `models` on the job's network and has an HTTP health check; `client` depends on it and fetches from it by that
 * name once, without retrying, so it only succeeds if it starts after the service passed its check.
 */
function serviceAndClient(image: string): unknown {
  const serve = 'sleep 2; mkdir -p /tmp/w; echo "answer: 42 from models" > /tmp/w/answer.txt; httpd -p 8080 -h /tmp/w; sleep 15';
  return {
    version: '0.1',
    type: 'container',
    meta: { trigger: 'test' },
    ops: [
      {
        type: 'container/run',
        id: 'api',
        execution: { group: 'serve' },
        args: {
          image,
          aliases: ['models'],
          cmd: serve,
          expose: [{ port: 8080, type: 'api', health_checks: [{ type: 'http', path: '/answer.txt', method: 'GET', expected_status: 200, continuous: false }] }],
        },
      },
      {
        type: 'container/run',
        id: 'client',
        execution: { group: 'serve', depends_on: ['api'] },
        args: { image, cmd: 'wget -qO- http://models:8080/answer.txt' },
        results: { answer: 'answer: (.*)' },
      },
    ],
  };
}

describe.skipIf(!hasDocker)('a job whose client op calls its service op by alias: real Docker, the local grid, the host loop', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  let built: ReturnType<typeof buildGridHost> | null = null;
  const signer = makeTestSigner();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-job-network-'));
    containers = await createHarness();
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
  }, 60_000);

  afterAll(async () => {
    if (built) {
      await built.host.stop();
      built.stores.close();
    }
    await containers?.close();
    await grid?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the client once the service is healthy, reaches it by alias, finishes with the extracted result and removes the network', async () => {
    const image = await ensureTestImage();
    const relay = new ServiceRelay(new GridRelayTunnelOpener(() => grid.url, async () => signer), new LoopbackServiceDialer(), new RecordingLogger(), {
      checkIntervalMs: 200,
      checkTimeoutMs: 2_000,
      startupTimeoutMs: 30_000,
    });
    built = buildGridHost({ url: () => grid.url, signer, runner: containers.supervisor, services: relay, dataDir: dir, sharing: 'always', loop: { waitMs: 1000, heartbeatMs: 500 } });
    await built.host.start();
    const { job } = grid.postJob({ market: 'cpu-dev', definition: serviceAndClient(image) });

    const runs = () => snapshotDatabase(join(dir, 'grid.sqlite')).runs as { job_id: string; state: string; fail_reason: string | null; results_json: string | null }[];
    await until(() => runs().some((r) => r.job_id === job.id && r.state !== 'running' && r.state !== 'assigned'), 'the job to end', 90_000);
    const row = runs().find((r) => r.job_id === job.id)!;
    expect(row.fail_reason).toBeNull();
    expect(row.state).toBe('finished');
    const results = JSON.parse(row.results_json!) as { ops: { id: string; status: string }[]; results: Record<string, Record<string, string[]>> };
    expect(results.ops.map((o) => [o.id, o.status])).toEqual([
      ['api', 'success'],
      ['client', 'success'],
    ]);
    // The client's one fetch, by the service's alias on the job's network, answered.
    expect(results.results).toEqual({ client: { answer: ['42 from models'] } });

    // Nothing of the job is left: its containers, its port proxy, its network.
    expect(containers.supervisor.running()).toEqual([]);
    const { stdout } = await run('docker', ['network', 'ls', '-q', '--filter', `label=gridhost.job=${job.id}`]);
    expect(stdout.trim()).toBe('');
  }, 120_000);
});
