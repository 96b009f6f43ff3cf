import { randomBytes } from 'node:crypto';
import { ContainerError } from '../containers/errors';
import { LABEL_JOB, LABEL_MANAGED, LABEL_OP } from '../containers/container-names';
import { hardenedCreateBody, type ContainerSettings } from '../containers/hardened-config';
import { parseJobContainerSpec } from '../containers/job-container-spec';
import type { ContainerEngine } from '../containers/ports';

/** One short container run. */
export interface GpuContainerRunOptions {
  image: string;
  /** The entrypoint and command; the image's own when absent. */
  entrypoint?: string[];
  cmd?: string[];
  /** Name prefix; a random suffix keeps two runs apart. */
  namePrefix: string;
  env?: string[];
  /** Ask the engine for every GPU (the `--gpus all` device request). Only stand-in images in tests run without. */
  requestGpus: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Each complete line of output (stdout and stderr), as it arrives. */
  onLine?: (line: string) => void;
}

/** How the run ended; output is kept (capped) in every case. */
export type GpuContainerRunResult =
  | { kind: 'exited'; exitCode: number; output: string }
  /** Create or start was refused; `message` is the engine's own words. */
  | { kind: 'refused'; message: string; engineUnavailable: boolean }
  | { kind: 'timed-out'; output: string }
  | { kind: 'aborted'; output: string };

const MAX_OUTPUT_CHARS = 256 * 1024;
/** A probe or benchmark needs little: the GPU does the work. */
const LIMITS: ContainerSettings = { stopGraceSeconds: 3, memoryMiB: 2048, cpus: 2, imageCacheGiB: 50 };

/**
 * Runs one short, hardened, network-less container (optionally with every GPU), collects its output line by
 * line, and always removes it: the readiness probe and the GPU benchmark both run this way.
 */
export async function runGpuContainer(engine: ContainerEngine, options: GpuContainerRunOptions): Promise<GpuContainerRunResult> {
  const name = `${options.namePrefix}-${randomBytes(4).toString('hex')}`;
  // The same hardening as every job container (one place: hardened-config.ts), with small fixed limits.
  const spec = parseJobContainerSpec({
    jobId: options.namePrefix,
    opId: 'run',
    image: options.image,
    ...(options.entrypoint ? { entrypoint: options.entrypoint } : {}),
    ...(options.cmd ? { cmd: options.cmd } : {}),
    env: Object.fromEntries((options.env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
    gpus: options.requestGpus ? 'all' : 'none',
  });
  const labels = { [LABEL_MANAGED]: '1', [LABEL_JOB]: options.namePrefix, [LABEL_OP]: 'run' };
  const body = hardenedCreateBody(spec, options.image, LIMITS, { networkMode: 'none', labels });
  await removeLeftovers(engine, labels);

  let id: string;
  try {
    id = await engine.createContainer(name, body);
  } catch (err) {
    return refused(err);
  }
  let output = '';
  let partial = '';
  const decoder = new TextDecoder();
  const takeLines = (text: string) => {
    if (output.length < MAX_OUTPUT_CHARS) output += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line.replace(/\r$/, ''));
  };
  try {
    let logs: Promise<void>;
    try {
      // Attached before the start so that no early line is missed.
      const attached = await engine.attachOutput(id, (chunks) => {
        for (const chunk of chunks) takeLines(decoder.decode(chunk.data, { stream: true }));
      });
      logs = attached.ended.catch(() => undefined);
      await engine.startContainer(id);
    } catch (err) {
      return refused(err);
    }
    let stopped: 'timed-out' | 'aborted' | null = null;
    const stop = (why: 'timed-out' | 'aborted') => {
      stopped ??= why;
      void engine.killContainer(id, 'SIGKILL').catch(() => undefined);
    };
    const timer = setTimeout(() => stop('timed-out'), options.timeoutMs);
    const onAbort = () => stop('aborted');
    if (options.signal?.aborted) stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const exitCode = await engine.waitContainer(id);
      await logs;
      if (partial !== '') options.onLine?.(partial);
      if (stopped !== null) return { kind: stopped, output };
      return { kind: 'exited', exitCode, output };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  } finally {
    await engine.removeContainer(id).catch(() => undefined);
  }
}

/**
 * Exited containers of an earlier run that died before its cleanup. Only exited ones: a created or running
 * container may belong to another GridHost process (the CLI beside the app) that is about to use it.
 */
async function removeLeftovers(engine: ContainerEngine, labels: Record<string, string>): Promise<void> {
  const stale = await engine.listContainers(labels).catch(() => []);
  for (const container of stale) {
    if (container.state === 'exited' || container.state === 'dead') await engine.removeContainer(container.id).catch(() => undefined);
  }
}

function refused(err: unknown): GpuContainerRunResult {
  if (err instanceof ContainerError) {
    // The engine's own words, without the adapter's "Could not start container x:" framing.
    const words = err.message.replace(/^Could not [^:]+: /, '').replace(/\.$/, '');
    return { kind: 'refused', message: words, engineUnavailable: err.code === 'engine_unavailable' };
  }
  return { kind: 'refused', message: (err as Error).message ?? String(err), engineUnavailable: false };
}
