import { statfs } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SystemSnapshot } from '../../../shared/contract/gpu';
import type { SystemProbe } from '../../core/gpu/ports';

/** What the worker answers: systeminformation's facts, each null when it failed. */
type SystemFacts = Pick<SystemSnapshot, 'cpu' | 'ramBytes' | 'os' | 'laptop'>;

// systeminformation runs some commands synchronously (hostname, /proc reads), which would stall the main
// thread's event loop for several milliseconds at a time: it runs in a worker thread instead.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const si = require(workerData.systeminformation);
const settle = (p) => p.then((v) => v, () => null);
parentPort.on('message', async ({ id }) => {
  const [cpu, mem, os, battery] = await Promise.all([settle(si.cpu()), settle(si.mem()), settle(si.osInfo()), settle(si.battery())]);
  parentPort.postMessage({
    id,
    facts: {
      cpu: cpu ? { model: (cpu.manufacturer + ' ' + cpu.brand).trim(), cores: cpu.cores, physicalCores: cpu.physicalCores } : null,
      ramBytes: mem ? mem.total : null,
      os: os ? { platform: os.platform, distro: os.distro, release: os.release, arch: os.arch } : null,
      laptop: battery ? battery.hasBattery : null,
    },
  });
});
`;

const UNKNOWN: SystemFacts = { cpu: null, ramBytes: null, os: null, laptop: null };

/**
 * CPU, RAM, OS and battery through systeminformation (in a worker thread, off the main thread), and the
 * data folder's free space through statfs. A part that fails is null ("unknown"), never an exception.
 */
export class SysinfoSystemProbe implements SystemProbe {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, (facts: SystemFacts) => void>();

  async snapshot(dataDir: string): Promise<SystemSnapshot> {
    const [facts, diskFreeBytes] = await Promise.all([this.facts(), freeBytes(dataDir)]);
    return { ...facts, dataDir, diskFreeBytes };
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.settleAll();
    await worker?.terminate();
  }

  private facts(): Promise<SystemFacts> {
    const worker = this.ensureWorker();
    if (worker === null) return Promise.resolve(UNKNOWN);
    const id = this.nextId++;
    // Held while a request is open, released when idle: the worker never keeps the process alive on its own.
    worker.ref();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      worker.postMessage({ id });
    });
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      const systeminformation = createRequire(__filename).resolve('systeminformation');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { systeminformation } });
    } catch {
      return null;
    }
    worker.on('message', ({ id, facts }: { id: number; facts: SystemFacts }) => {
      this.pending.get(id)?.(facts);
      this.pending.delete(id);
      if (this.pending.size === 0) worker.unref();
    });
    const reset = () => {
      if (this.worker === worker) this.worker = null;
      this.settleAll();
    };
    worker.on('error', reset);
    worker.on('exit', reset);
    this.worker = worker;
    return worker;
  }

  private settleAll(): void {
    for (const resolve of this.pending.values()) resolve(UNKNOWN);
    this.pending.clear();
  }
}

/** Free bytes for an unprivileged user on the file system holding `dir` (or its nearest existing parent). */
async function freeBytes(dir: string): Promise<number | null> {
  for (let current = dir; ; ) {
    try {
      const s = await statfs(current);
      return s.bavail * s.bsize;
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return null;
      current = parent;
    }
  }
}
