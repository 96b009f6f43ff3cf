import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LoopbackServiceDialer } from '../../../src/main/adapters/http/local-service-dialer';
import { GridRelayTunnelOpener } from '../../../src/main/adapters/ws/grid-relay-tunnel';
import { ServiceRelay } from '../../../src/main/core/relay/job-services';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { sampleServiceJob } from '../../../tools/local-grid/sample-job';
import type { PostedJob } from '../../../tools/local-grid/service-tokens';
import { RecordingLogger } from '../../support/core-fakes';
import { ensureTestImage } from '../../support/docker-images';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { snapshotDatabase } from '../../support/grid/database-snapshot';
import { buildGridHost, until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, type Harness } from '../containers/harness';
import { WEBSOCKET_ECHO_GREETING, WEBSOCKET_ECHO_PORT, webSocketEchoJob } from '../../support/containers/websocket-echo-job';

const hasDocker = await dockerAvailable();

interface RunRow {
  job_id: string;
  state: string;
  fault: string | null;
  fail_reason: string | null;
}

describe.skipIf(!hasDocker)('a service job reached through the grid: real Docker, the local grid, the host loop', () => {
  let dir: string;
  let grid: LocalGrid;
  let containers: Harness;
  let built: ReturnType<typeof buildGridHost> | null = null;
  const signer = makeTestSigner();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-relay-'));
    containers = await createHarness();
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
    grid.transaction(() => grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null }))));
  });

  afterEach(async () => {
    if (built) {
      await built.host.stop();
      built.stores.close();
      built = null;
    }
    await containers?.close();
    await grid?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function shareWithRelay(startupTimeoutMs: number): Promise<ServiceRelay> {
    const relay = new ServiceRelay(new GridRelayTunnelOpener(() => grid.url, async () => signer), new LoopbackServiceDialer(), new RecordingLogger(), {
      checkIntervalMs: 200,
      checkTimeoutMs: 2_000,
      startupTimeoutMs,
    });
    built = buildGridHost({ url: () => grid.url, signer, runner: containers.supervisor, services: relay, dataDir: dir, sharing: 'always', loop: { waitMs: 1000, heartbeatMs: 500 } });
    await built.host.start();
    await until(() => built!.host.getStatus().state === 'queued', 'the host to queue');
    return relay;
  }

  const post = (definition: unknown): PostedJob => grid.postJob({ market: 'cpu-dev', definition });

  it('passes its health check, then answers a completion request through the relay, only with the job token', async () => {
    const image = await ensureTestImage();
    const relay = await shareWithRelay(20_000);
    const { job, service } = post(sampleServiceJob({ image, durationSeconds: 30, gpu: false }));
    const at = (path: string) => new URL(`${service.path}${path}`, grid.url);
    const auth = { authorization: `Bearer ${service.token}` };

    await until(() => relay.list().some((s) => s.jobId === job.id && s.health === 'up'), 'the service to pass its health check', 30_000);
    const health = await fetch(at('health'), { headers: auth });
    expect(health.status).toBe(200);
    expect((await health.text()).trim()).toBe('ok');

    const prompt = JSON.stringify({ prompt: 'What is a GPU grid?' });
    const completion = await fetch(at('cgi-bin/complete.sh'), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: prompt });
    expect(completion.status).toBe(200);
    expect(await completion.json()).toEqual({ completion: 'a grid rents idle GPUs to AI jobs.', request_bytes: Buffer.byteLength(prompt) });

    const noToken = await fetch(at('health'));
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: 'bad_service_token' } });
    expect((await fetch(at('health'), { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(401);
    // The dashboard's count: the two requests that reached the service (the refused ones never left the grid).
    expect(relay.list().find((s) => s.jobId === job.id)).toMatchObject({ port: 8080, type: 'api', health: 'up', requests: 2 });
  }, 90_000);

  it('passes its WebSocket health check, then echoes a client\'s messages through the relay, only with the job token', async () => {
    const image = await ensureTestImage();
    const relay = await shareWithRelay(20_000);
    const { job, service } = post(webSocketEchoJob({ image, durationSeconds: 30 }));
    const wsAt = (token: string | null) => {
      const url = new URL(`${service.path}chat`, grid.url);
      url.protocol = 'ws:';
      if (token) url.searchParams.set('token', token);
      return url;
    };
    await until(() => relay.list().some((s) => s.jobId === job.id && s.health === 'up'), 'the service to pass its WebSocket health check', 30_000);

    const client = new WebSocket(wsAt(service.token));
    const messages: string[] = [];
    client.on('message', (data: Buffer) => messages.push(data.toString()));
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    // A `%` and a backslash: the script writes every byte as a printf escape, so neither is taken as a format.
    client.send('100% GPU \\ idle');
    client.send('second');
    await until(() => messages.length === 3, 'the greeting and two echoes', 10_000);
    expect(messages).toEqual([WEBSOCKET_ECHO_GREETING, '100% GPU \\ idle', 'second']);
    const closed = new Promise<number>((resolve) => client.once('close', resolve));
    client.close(1000);
    expect(await closed).toBe(1000);

    for (const token of [null, 'not-the-token']) {
      const refused = new WebSocket(wsAt(token));
      expect(await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))).toBe(401);
    }
    expect(relay.list().find((s) => s.jobId === job.id)).toMatchObject({ port: WEBSOCKET_ECHO_PORT, type: 'websocket', health: 'up', requests: 1 });
  }, 90_000);

  it('a health check that never passes fails the job with the reason, as the job\'s fault', async () => {
    const image = await ensureTestImage();
    await shareWithRelay(3_000);
    const { job } = post(sampleServiceJob({ image, durationSeconds: 60, gpu: false, healthPath: '/missing' }));
    const runs = () => snapshotDatabase(join(dir, 'grid.sqlite')).runs as RunRow[];
    await until(() => runs().some((r) => r.job_id === job.id && r.state === 'failed'), 'the run to fail', 45_000);
    const row = runs().find((r) => r.job_id === job.id)!;
    expect(row.fault).toBe('job');
    expect(row.fail_reason).toMatch(/^Health check failed: The service on port 8080 did not become healthy within 3 s: health check GET \/missing on port \d+ answered 404, expected 200/);
    expect(containers.supervisor.running()).toEqual([]);
  }, 90_000);
});
