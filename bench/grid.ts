import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bs58 from 'bs58';
import { GridClient } from '../src/main/core/grid/grid-client';
import { GRID_TERMS_VERSION } from '../src/main/core/grid/protocol';
import type { NodeSigner } from '../src/main/core/ports';
import { startLocalGrid } from '../tools/local-grid/local-grid';
import { table } from './support/proc-sampler';
import { percentile } from './support/stats';

const ROUNDS = Number(process.env.BENCH_GRID_ROUNDS ?? 400);
/** Target: a signed, verified, replay-checked request costs at most this many times an unsigned one. */
const TARGET_RATIO = 3;

function signer(): NodeSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    address: bs58.encode(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)),
    sign: async (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

async function time(rounds: number, fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * The cost of signed requests: the host's signed `GET /v1/queue` (sign, send, verify, replay check and record
 * in SQLite, answer) against the unsigned speed-test ping over the same HTTP stack, in the same run.
 */
export async function run(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'gridhost-bench-grid-'));
  const grid = await startLocalGrid({ port: 0, dbPath: join(dir, 'grid.sqlite'), feeder: false });
  try {
    const client = new GridClient({ baseUrl: grid.url, signer: signer(), fetch });
    await client.enroll({
      termsVersion: GRID_TERMS_VERSION,
      acceptTerms: true,
      contact: null,
      benchmark: {
        ranAt: new Date().toISOString(),
        passed: true,
        system: { cpuCores: 2, ramGiB: 8, diskFreeGB: 100 },
        network: { pingMs: 1, downloadMbps: 100, uploadMbps: 100 },
        gpu: null,
      },
    });
    await client.joinQueue();
    const ping = () => fetch(`${grid.url}/v1/speedtest/ping`).then((r) => r.json());
    // Warm both paths (JIT, keep-alive sockets, SQLite statements) before measuring.
    await time(50, ping);
    await time(50, () => client.queueStatus());
    const baseline = await time(ROUNDS, ping);
    const signed = await time(ROUNDS, () => client.queueStatus());
    const rows = [
      { request: 'unsigned ping (baseline)', p50_ms: percentile(baseline, 50).toFixed(3), p95_ms: percentile(baseline, 95).toFixed(3), ratio: '1.00' },
      {
        request: 'signed GET /v1/queue',
        p50_ms: percentile(signed, 50).toFixed(3),
        p95_ms: percentile(signed, 95).toFixed(3),
        ratio: (percentile(signed, 50) / percentile(baseline, 50)).toFixed(2),
      },
    ];
    process.stdout.write(`${table(rows)}\n`);
    const ratio = percentile(signed, 50) / percentile(baseline, 50);
    const met = ratio <= TARGET_RATIO;
    process.stdout.write(`verdict: signed request p50 is ${ratio.toFixed(2)}x the unsigned baseline (target <= ${TARGET_RATIO}x): ${met ? 'MET' : 'NOT MET'}\n`);
    return met;
  } finally {
    await grid.close();
    await rm(dir, { recursive: true, force: true });
  }
}
