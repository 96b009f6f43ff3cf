import { randomBytes } from 'node:crypto';
import { LABEL_JOB, LABEL_MANAGED, LABEL_OP } from './container-names';
import { ContainerError } from './errors';
import { hardenedCreateBody, type ContainerSettings } from './hardened-config';
import { parseJobContainerSpec } from './job-container-spec';
import type { ContainerRuntime, UtilityRunOptions, UtilityRunResult } from './ports';

/** Output a utility run keeps for its result. */
const MAX_UTILITY_OUTPUT_CHARS = 256 * 1024;
/** A probe or benchmark needs little: the GPU does the work. */
const UTILITY_LIMITS: ContainerSettings = { stopGraceSeconds: 3, memoryMiB: 2048, cpus: 2, imageCacheGiB: 50, allowedRegistries: [] };

/**
 * Runs one short utility container (the GPU probe, the GPU benchmark) to completion: hardened like a job's
 * (small fixed limits, no network, optionally every GPU), output collected line by line, killed at the time
 * limit or when `signal` aborts, and always removed. Exited leftovers of an earlier run with the same name
 * are removed first.
 */
export async function runUtilityContainer(engine: ContainerRuntime, options: UtilityRunOptions): Promise<UtilityRunResult> {
  const spec = parseJobContainerSpec({
    jobId: options.name,
    opId: 'run',
    image: options.image,
    ...(options.entrypoint ? { entrypoint: options.entrypoint } : {}),
    ...(options.cmd ? { cmd: options.cmd } : {}),
    env: Object.fromEntries((options.env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
    gpus: options.requestGpus ? 'all' : 'none',
  });
  // Not scoped to this installation: reconcile leaves utility runs alone, and the CLI beside the app shares them.
  const labels = { [LABEL_MANAGED]: '1', [LABEL_JOB]: options.name, [LABEL_OP]: 'run' };
  const body = hardenedCreateBody(spec, options.image, UTILITY_LIMITS, { network: null, labels });
  await removeExitedUtilities(engine, labels);

  let id: string;
  try {
    id = await engine.createContainer(`${options.name}-${randomBytes(4).toString('hex')}`, body);
  } catch (err) {
    return refusedRun(err);
  }
  let output = '';
  let partial = '';
  const decoder = new TextDecoder();
  const takeLines = (text: string) => {
    if (output.length < MAX_UTILITY_OUTPUT_CHARS) output += text;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onLine?.(line.replace(/\r$/, ''));
  };
  try {
    let ended: Promise<void>;
    try {
      // Attached before the start so that no early line is missed.
      const attached = await engine.attachOutput(id, (chunks) => {
        for (const chunk of chunks) takeLines(decoder.decode(chunk.data, { stream: true }));
      });
      ended = attached.ended.catch(() => undefined);
      await engine.startContainer(id);
    } catch (err) {
      return refusedRun(err);
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
      await ended;
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
 * Exited utility containers of an earlier run that died before its clean-up. Only exited ones: a created or
 * running container may belong to another GridHost process (the CLI beside the app) that is about to use it.
 */
async function removeExitedUtilities(engine: ContainerRuntime, labels: Record<string, string>): Promise<void> {
  const stale = await engine.listContainers(labels).catch(() => []);
  for (const container of stale) {
    if (container.state === 'exited' || container.state === 'dead') await engine.removeContainer(container.id).catch(() => undefined);
  }
}

/** A utility container the engine would not create or start, in the engine's own words. */
function refusedRun(err: unknown): UtilityRunResult {
  if (err instanceof ContainerError) {
    // Without the adapter's "Could not start container x:" framing.
    const words = err.message.replace(/^Could not [^:]+: /, '').replace(/\.$/, '');
    return { kind: 'refused', message: words, engineUnavailable: err.code === 'engine_unavailable' };
  }
  return { kind: 'refused', message: (err as Error).message ?? String(err), engineUnavailable: false };
}
