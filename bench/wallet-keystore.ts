import { createPrivateKey, scryptSync, sign } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FsKeyFileAccess } from '../src/main/adapters/fs/key-file-access';
import type { Logger } from '../src/main/core/ports';
import { NodeKeystore } from '../src/main/core/wallet/node-keystore';
import { DEFAULT_SCRYPT_PARAMS, PassphraseProtector } from '../src/main/core/wallet/passphrase-protector';
import { table } from './support/proc-sampler';

/**
 * The node key is unlocked (scrypt, N=2^17) at every start and signs every grid request: neither may stall
 * the event loop that serves the dashboard and runs the host loop. Baseline, in the same run: the same scrypt
 * done synchronously (what a naive keystore would do), and the same signatures made with the synchronous API.
 * Measure: event-loop utilisation while the work runs (1.0: the loop could serve nothing else).
 * Targets: unlocking keeps the loop at most 10 % as busy as the synchronous baseline; a signature (one per
 * grid request) costs the loop at most 0.2 ms. An ed25519 signature is so cheap (~50 µs) that handing it to
 * the thread pool costs about as much loop time as it saves, which is why signing has an absolute target.
 */
const ROUNDS = 4;
const SIGNATURES = 2_000;
const TARGET_RATIO = 0.1;
const TARGET_LOOP_MS_PER_SIGNATURE = 0.2;
const PASSPHRASE = 'a long bench passphrase';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

interface Watched {
  ms: number;
  /** Event-loop utilisation during the work: the share of time the loop was running code, not waiting. */
  busy: number;
}

/**
 * Runs `work` and measures the event loop's utilisation (ELU) meanwhile. Unlike timing a timer's lateness,
 * ELU is not swung by the OS descheduling an idle process on a busy machine.
 */
async function watched(work: () => Promise<unknown> | unknown): Promise<Watched> {
  await new Promise((r) => setImmediate(r));
  const before = performance.eventLoopUtilization();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  return { ms, busy: performance.eventLoopUtilization(before).utilization };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const mean = (xs: Watched[], f: (w: Watched) => number) => xs.reduce((a, w) => a + f(w), 0) / xs.length;

export async function run(): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'gridhost-bench-keystore-'));
  try {
    const keystore = new NodeKeystore({
      path: join(dir, 'node-key.json'),
      files: new FsKeyFileAccess(),
      protectors: [new PassphraseProtector(async () => PASSPHRASE)],
      logger: quiet,
    });
    const { keypair } = await keystore.loadOrCreate();
    const message = new TextEncoder().encode('POST /v1/queue 1764064800000 e3b0c44298fc1c149afbf4c8996fb924');
    const key = createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), keypair.revealSeed()]),
      format: 'der',
      type: 'pkcs8',
    });

    const unlock: Watched[] = [];
    const unlockSync: Watched[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      unlock.push(await watched(() => keystore.load()));
      unlockSync.push(
        await watched(() => scryptSync(PASSPHRASE, 'salt-of-16-bytes', 32, { ...DEFAULT_SCRYPT_PARAMS, maxmem: 2 ** 28 })),
      );
    }
    // One after another, as the grid client signs its requests.
    const signing = await watched(async () => {
      for (let i = 0; i < SIGNATURES; i++) await keypair.sign(message);
    });
    const signingSync = await watched(() => {
      for (let i = 0; i < SIGNATURES; i++) sign(null, message, key);
    });

    const rows = [
      { work: `unlock (scrypt N=2^17) x${ROUNDS}`, how: 'keystore (async)', 'ms each': mean(unlock, (w) => w.ms).toFixed(0), 'loop busy': pct(mean(unlock, (w) => w.busy)) },
      { work: `unlock (scrypt N=2^17) x${ROUNDS}`, how: 'baseline: scryptSync', 'ms each': mean(unlockSync, (w) => w.ms).toFixed(0), 'loop busy': pct(mean(unlockSync, (w) => w.busy)) },
      { work: `${SIGNATURES} signatures`, how: 'NodeKeypair.sign (async)', 'ms each': (signing.ms / SIGNATURES).toFixed(3), 'loop busy': pct(signing.busy) },
      { work: `${SIGNATURES} signatures`, how: 'baseline: crypto.sign sync', 'ms each': (signingSync.ms / SIGNATURES).toFixed(3), 'loop busy': pct(signingSync.busy) },
    ];
    process.stdout.write(`${table(rows)}\n`);
    const unlockRatio = mean(unlock, (w) => w.busy) / mean(unlockSync, (w) => w.busy);
    const loopMsPerSignature = (signing.busy * signing.ms) / SIGNATURES;
    const met = unlockRatio <= TARGET_RATIO && loopMsPerSignature <= TARGET_LOOP_MS_PER_SIGNATURE;
    process.stdout.write(
      `verdict: ${met ? 'MET' : 'NOT MET'}: the event loop is ${(unlockRatio * 100).toFixed(1)} % as busy ` +
        `while unlocking as with synchronous scrypt (target <= ${TARGET_RATIO * 100} %); a signature costs the ` +
        `loop ${(loopMsPerSignature * 1000).toFixed(0)} µs (target <= ${TARGET_LOOP_MS_PER_SIGNATURE * 1000} µs)\n`,
    );
    return met;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
