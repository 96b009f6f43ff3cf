import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestImage } from '../../support/docker-images';
import { dockerAvailable } from '../../support/requirements';
import { createHarness, dockerInspect, uniqueJob, waitFor, type Harness } from './harness';

const hasDocker = await dockerAvailable();
const run = promisify(execFile);
const SECRET = `host-only-${process.pid}`;

/**
 * A shell loop for busybox: for each address, an HTTP request to the host service with nc, then REACHED or
 * BLOCKED. `gw` is the container's own default gateway (the host's address on a Docker bridge network).
 */
function probeScript(port: number, addresses: string[]): string {
  return [
    `gw=$(ip route | awk '/^default/ {print $3}')`,
    `for a in $gw ${addresses.join(' ')}; do`,
    `  if printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 $a ${port} 2>/dev/null | grep -q ${SECRET}; then echo "REACHED $a"; else echo "BLOCKED $a"; fi`,
    'done',
    'echo PROBES-DONE',
  ].join('\n');
}

/** Every IPv4 address of this machine except loopback: the LAN address, and the host side of every bridge. */
function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

describe.skipIf(!hasDocker)('job networks: internal, one a job, ports published through a proxy', () => {
  let image: string;
  let h: Harness;
  let service: Server;
  let port: number;

  beforeAll(async () => {
    image = await ensureTestImage();
    h = await createHarness();
    // A service of the owner's, listening on every address of this machine (0.0.0.0), that no job may reach.
    service = createServer((_req, res) => res.end(SECRET));
    await new Promise<void>((resolve) => service.listen(0, '0.0.0.0', resolve));
    port = (service.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => service?.close(resolve));
  });

  it('control: on an ordinary bridge network a container does reach the host service through its gateway', async () => {
    // Proves the probe can see the attack on this engine (with or without iptables), so BLOCKED below means something.
    const net = `gridhost-test-control-${process.pid}`;
    await run('docker', ['network', 'create', net]);
    try {
      const { stdout } = await run('docker', ['run', '--rm', '--network', net, image, 'sh', '-c', probeScript(port, [])], { timeout: 30_000 });
      expect(stdout).toMatch(/^REACHED \d+\.\d+\.\d+\.\d+$/m);
    } finally {
      await run('docker', ['network', 'rm', net]);
    }
  });

  it('the job reaches neither the host (gateway, LAN address, any bridge), nor another job; 127.0.0.1 reaches its port', async () => {
    const jobId = uniqueJob('isolated');
    const other = await h.runHardened({
      jobId: uniqueJob('neighbour'),
      opId: 'srv',
      image,
      expose: [8080],
      cmd: ['sh', '-c', `mkdir -p /tmp/w && echo ${SECRET} > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w`],
    });
    const neighbour = Object.values((await dockerInspect(other.containerId)).NetworkSettings.Networks ?? {})[0]?.IPAddress;
    expect(neighbour).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const targets = [...hostAddresses(), '172.17.0.1', '10.0.2.2', '192.168.65.254'];

    const op = await h.runHardened({
      jobId,
      opId: 'web',
      image,
      expose: [8080],
      cmd: [
        'sh',
        '-c',
        `mkdir -p /tmp/w && echo served > /tmp/w/index.html && httpd -p 8080 -h /tmp/w
${probeScript(port, targets)}
printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 ${neighbour} 8080 2>/dev/null | grep -q ${SECRET} && echo "REACHED neighbour" || echo "BLOCKED neighbour"
echo ALL-DONE
exec sleep 600`,
      ],
    });
    const lines = await waitForLines(h, jobId, 'web', 'ALL-DONE', 60_000);
    const probed = lines.filter((l) => /^(REACHED|BLOCKED) /.test(l));
    expect(probed.length).toBeGreaterThanOrEqual(targets.length + 1);
    expect(probed.filter((l) => l.startsWith('REACHED'))).toEqual([]);

    // The owner (a client on 127.0.0.1) reaches the job's port through the proxy.
    const hostPort = op.hostPorts['8080/tcp'];
    expect(hostPort).toBeGreaterThan(1024);
    const body = await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${hostPort}/`).catch(() => null);
      return res?.ok ? res.text() : null;
    });
    expect(body).toBe('served\n');

    // The job's own network is internal and holds no address of the host; the job publishes nothing itself.
    const info = await dockerInspect(op.containerId);
    expect(info.HostConfig.PortBindings ?? {}).toEqual({});
    const { stdout } = await run('docker', ['network', 'inspect', info.HostConfig.NetworkMode]);
    const [network] = JSON.parse(stdout) as Array<{ Internal: boolean; Options: Record<string, string> }>;
    expect(network?.Internal).toBe(true);
    expect(network?.Options['com.docker.network.bridge.inhibit_ipv4']).toBe('true');

    await h.supervisor.stop(jobId, 'web');
    await h.supervisor.stop(other.jobId, 'srv');
    await h.supervisor.removeJobNetwork(jobId);
    await h.supervisor.removeJobNetwork(other.jobId);
    expect(await h.engine.listNetworks({ 'gridhost.job': jobId })).toEqual([]);
    expect(await h.engine.listContainers({ 'gridhost.job': jobId })).toEqual([]);
  }, 120_000);

  it('ops of one job reach each other by alias and id; an op of another job resolves and reaches neither, nor the host', async () => {
    const jobA = uniqueJob('named');
    const jobB = uniqueJob('intruder');
    const secretA = `job-a-only-${process.pid}`;
    const serve = `mkdir -p /tmp/w && echo ${secretA} > /tmp/w/index.html && exec httpd -f -p 8080 -h /tmp/w`;
    const api = await h.runHardened({ jobId: jobA, opId: 'api', image, aliases: ['models'], cmd: ['sh', '-c', serve] });
    const apiAddress = (await dockerInspect(api.containerId)).NetworkSettings.Networks?.[`gridhost-jobnet-${jobA}`]?.IPAddress;
    expect(apiAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    // Each name is tried up to `tries` times (the server takes a moment to listen), then reported.
    const fetchEach = (names: string[], tries: number) =>
      [
        `for n in ${names.join(' ')}; do`,
        `  r=BLOCKED; i=0; while [ $i -lt ${tries} ]; do if timeout 3 wget -q -O - http://$n:8080/ 2>/dev/null | grep -q ${secretA}; then r=REACHED; break; fi; i=$((i+1)); sleep 0.3; done`,
        '  echo "$r $n"',
        'done',
      ].join('\n');

    // A client of the same job, joined without ports or aliases (an op of a job of several ops).
    await h.runHardened({ jobId: jobA, opId: 'client', image, jobNetwork: true, cmd: ['sh', '-c', `${fetchEach(['models', 'api'], 10)}\necho ALL-DONE\nexec sleep 600`] });
    const own = await waitForLines(h, jobA, 'client', 'ALL-DONE', 60_000);
    expect(own.filter((l) => /^(REACHED|BLOCKED) /.test(l))).toEqual(['REACHED models', 'REACHED api']);

    // Another job's op, on its own job network: job A's names and address are out of reach (A answers by now, so
    // one try each is enough).
    const targets = [...hostAddresses(), '172.17.0.1'];
    await h.runHardened({
      jobId: jobB,
      opId: 'probe',
      image,
      aliases: ['models-b'],
      cmd: [
        'sh',
        '-c',
        `nslookup models >/dev/null 2>&1 && echo "RESOLVED models" || echo "UNRESOLVED models"
${fetchEach(['models', 'api', `gridhost-${jobA}-api`, apiAddress!], 1)}
${probeScript(port, targets)}
echo ALL-DONE
exec sleep 600`,
      ],
    });
    const other = await waitForLines(h, jobB, 'probe', 'ALL-DONE', 90_000);
    expect(other).toContain('UNRESOLVED models');
    const probed = other.filter((l) => /^(REACHED|BLOCKED) /.test(l));
    expect(probed).toHaveLength(4 + 1 + targets.length);
    expect(probed.filter((l) => l.startsWith('REACHED'))).toEqual([]);

    for (const [job, op] of [[jobA, 'api'], [jobA, 'client'], [jobB, 'probe']] as const) await h.supervisor.stop(job, op);
    await h.supervisor.removeJobNetwork(jobA);
    await h.supervisor.removeJobNetwork(jobB);
    expect(await h.engine.listNetworks({ 'gridhost.job': jobA })).toEqual([]);
  }, 180_000);
});

async function waitForLines(h: Harness, jobId: string, opId: string, last: string, timeoutMs: number): Promise<string[]> {
  return waitFor(() => {
    const lines = h.supervisor.logs(jobId, opId, 1000).map((l) => l.text);
    return lines.includes(last) ? lines : null;
  }, timeoutMs);
}
