import type { SpeedTestClient } from '../../core/benchmark/ports';

/** The grid's speed-test endpoints over HTTP (fetch), timed with the monotonic clock. */
export class HttpSpeedTestClient implements SpeedTestClient {
  private readonly base: string;

  constructor(gridUrl: string) {
    this.base = gridUrl.replace(/\/+$/, '');
  }

  async ping(signal: AbortSignal): Promise<number> {
    const started = performance.now();
    const response = await fetch(`${this.base}/v1/speedtest/ping`, { signal });
    await response.arrayBuffer();
    this.expectOk(response, 'ping');
    return performance.now() - started;
  }

  async download(bytes: number, signal: AbortSignal): Promise<{ bytes: number; ms: number }> {
    const started = performance.now();
    const response = await fetch(`${this.base}/v1/speedtest/download?bytes=${bytes}`, { signal });
    this.expectOk(response, 'download');
    let received = 0;
    // Count as it streams: nothing is kept in memory.
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) received += chunk.value.byteLength;
    return { bytes: received, ms: performance.now() - started };
  }

  async upload(bytes: number, signal: AbortSignal): Promise<{ ms: number }> {
    const body = new Uint8Array(bytes);
    const started = performance.now();
    const response = await fetch(`${this.base}/v1/speedtest/upload`, {
      method: 'POST',
      body,
      signal,
      headers: { 'content-type': 'application/octet-stream' },
    });
    await response.arrayBuffer();
    this.expectOk(response, 'upload');
    return { ms: performance.now() - started };
  }

  private expectOk(response: Response, what: string): void {
    if (!response.ok) throw new Error(`the grid's speed test (${what}) answered HTTP ${response.status}`);
  }
}
