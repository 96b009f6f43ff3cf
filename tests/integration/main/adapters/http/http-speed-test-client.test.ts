import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpSpeedTestClient } from '../../../../../src/main/adapters/http/http-speed-test-client';
import { MAX_SPEEDTEST_BYTES } from '../../../../../src/main/core/grid/protocol';
import { startGridHarness, type GridHarness } from '../../../local-grid/grid-harness';

describe('HttpSpeedTestClient against the local grid', () => {
  let h: GridHarness;
  beforeEach(async () => {
    h = await startGridHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const signal = () => AbortSignal.timeout(10_000);

  it('times a ping, counts the bytes downloaded and times an upload', async () => {
    // A trailing slash in the configured address is not doubled.
    const client = new HttpSpeedTestClient(`${h.grid.url}/`);
    expect(await client.ping(signal())).toBeGreaterThanOrEqual(0);
    const download = await client.download(300_000, signal());
    expect(download.bytes).toBe(300_000);
    expect(download.ms).toBeGreaterThanOrEqual(0);
    expect((await client.upload(123_456, signal())).ms).toBeGreaterThanOrEqual(0);
  });

  it("says which part failed and the grid's HTTP status", async () => {
    const client = new HttpSpeedTestClient(h.grid.url);
    await expect(client.download(MAX_SPEEDTEST_BYTES + 1, signal())).rejects.toThrow(
      "the grid's speed test (download) answered HTTP 400",
    );
  });

  it('stops when aborted', async () => {
    const client = new HttpSpeedTestClient(h.grid.url);
    await expect(client.ping(AbortSignal.abort())).rejects.toThrow();
  });
});
