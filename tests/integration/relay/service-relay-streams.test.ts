import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { LoopbackServiceDialer } from '../../../src/main/adapters/http/local-service-dialer';
import { GridRelayTunnelOpener } from '../../../src/main/adapters/ws/grid-relay-tunnel';
import { ServiceRelay, type RunningServices } from '../../../src/main/core/relay/job-services';
import { startLocalGrid, type LocalGrid } from '../../../tools/local-grid/local-grid';
import { sampleInferenceJob } from '../../../tools/local-grid/sample-job';
import type { PostedJob } from '../../../tools/local-grid/service-tokens';
import { RecordingLogger } from '../../support/core-fakes';
import { enrollmentWith, passingBenchmark } from '../../support/grid/benchmark-fixtures';
import { until } from '../../support/grid/grid-host';
import { makeTestSigner } from '../../support/grid/test-node-signer';

/**
 * The relay's streams with a real service on loopback (an HTTP server with a WebSocket endpoint standing for the
 * job's published port), the real local grid and the host's real adapters: WebSocket both ways, a streamed
 * response read before it ends, a large upload under backpressure, and who may open what.
 */
describe('the service relay: WebSocket, streaming and large bodies through the local grid', () => {
  let dir: string;
  let grid: LocalGrid;
  let service: Server;
  let servicePort: number;
  let running: RunningServices | null = null;
  let releaseStream: () => void = () => undefined;
  const signer = makeTestSigner();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-relay-streams-'));
    service = createServer((req, res) => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first token\n');
        releaseStream = () => res.end('last token\n');
        return;
      }
      if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        req.pipe(res);
        return;
      }
      res.writeHead(404).end();
    });
    const wss = new WebSocketServer({ server: service });
    wss.on('connection', (ws, req) => {
      ws.send('hello');
      ws.on('message', (data, binary) => ws.send(binary ? data : `echo:${req.url}:${data.toString()}`, { binary }));
    });
    await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
    servicePort = (service.address() as AddressInfo).port;
    grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
    grid.transaction(() => {
      grid.coordinator.enroll(signer.address, enrollmentWith(passingBenchmark({ gpu: null })));
      grid.coordinator.joinQueue(signer.address);
    });
  });

  afterEach(async () => {
    running?.stop();
    running = null;
    await grid.close();
    service.closeAllConnections();
    await new Promise((resolve) => service.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const relayFor = (who = signer) =>
    new ServiceRelay(new GridRelayTunnelOpener(() => grid.url, async () => who), new LoopbackServiceDialer(), new RecordingLogger(), {
      checkIntervalMs: 100,
      checkTimeoutMs: 2_000,
      startupTimeoutMs: 10_000,
    });

  /** A running job on this node whose port 8080 is the loopback service, relayed once its WebSocket check passes. */
  async function serve(relay = relayFor()): Promise<PostedJob> {
    const posted = grid.postJob({ market: 'cpu-dev', definition: sampleInferenceJob({ image: 'busybox', durationSeconds: 60, gpu: false }) });
    running = relay.start(posted.job.id, 'serve', [{ port: 8080, type: 'websocket', healthChecks: [{ type: 'websocket', expected_response: 'hello', continuous: true }] }], { '8080/tcp': servicePort });
    await until(() => relay.list()[0]?.health === 'up', 'the service to be up', 10_000);
    return posted;
  }

  const wsUrl = (posted: PostedJob, path: string, token = posted.service.token) => {
    const url = new URL(`${posted.service.path}${path}`, grid.url);
    url.protocol = 'ws:';
    url.searchParams.set('token', token);
    return url;
  };

  it('carries a WebSocket both ways, text and binary', async () => {
    const posted = await serve();
    const client = new WebSocket(wsUrl(posted, 'chat?room=1'));
    const messages: (string | Buffer)[] = [];
    client.on('message', (data: Buffer, binary) => messages.push(binary ? data : data.toString()));
    await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
    client.send('ping');
    client.send(Buffer.from([0, 1, 2, 255]), { binary: true });
    await until(() => messages.length === 3, 'three messages back');
    // The token never reaches the service: the query it sees is its own.
    expect(messages).toEqual(['hello', 'echo:/chat?room=1:ping', Buffer.from([0, 1, 2, 255])]);
    client.close();
  });

  it('streams a response as the service writes it, and a large upload both ways under backpressure', async () => {
    const posted = await serve();
    const auth = { authorization: `Bearer ${posted.service.token}` };
    const streamed = await fetch(new URL(`${posted.service.path}stream`, grid.url), { headers: auth });
    const reader = streamed.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first token\n');
    releaseStream();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe('last token\n');

    const upload = randomBytes(8 * 1024 * 1024);
    const echoed = await fetch(new URL(`${posted.service.path}echo`, grid.url), { method: 'POST', headers: auth, body: upload });
    const back = Buffer.from(await echoed.arrayBuffer());
    expect(back.byteLength).toBe(upload.byteLength);
    expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(upload).digest('hex'));
  });

  it('refuses a WebSocket without the job token, and a tunnel from a node that does not run the job', async () => {
    const posted = await serve();
    const refused = new WebSocket(wsUrl(posted, 'chat', 'wrong'));
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
    const stranger = makeTestSigner();
    await expect(new GridRelayTunnelOpener(() => grid.url, async () => stranger).open(posted.job.id, 8080)).rejects.toThrow(/refused the service relay \(403\).*only the node running a job relays its services/);
  });

  it('fails when a continuous check stops passing', async () => {
    const relay = relayFor();
    await serve(relay);
    const failed = running!.failed;
    // The service stops answering WebSocket upgrades with its greeting.
    service.removeAllListeners('upgrade');
    service.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n'));
    await expect(failed).resolves.toMatch(/^The service on port 8080 stopped passing its health check: health check WebSocket on port \d+ failed: the service answered 503 instead of accepting the WebSocket\.$/);
    expect(relay.list()[0]).toMatchObject({ health: 'failed' });
  });
});
