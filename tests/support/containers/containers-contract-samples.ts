import type { EventData, ParamsIn, Result } from '../../../src/shared/contract';

type Requests = 'services.list' | 'containers.status' | 'containers.engine.reconnect' | 'containers.logs' | 'containers.cache';
type Events =
  | 'containers.engine'
  | 'containers.pull.progress'
  | 'containers.log'
  | 'containers.started'
  | 'containers.exit'
  | 'containers.die'
  | 'containers.oom';

const engineUp = {
  state: 'up' as const,
  info: { product: 'Docker Engine - Community', version: '27.1.1', apiVersion: '1.46', endpoint: '/var/run/docker.sock' },
};
const op = { jobId: 'job-1', opId: 'run', containerId: 'a1b2c3d4e5f6' };

/** A valid example of each containers request and event, for the contract round-trip tests. */
export const containersRequestSamples: { [M in Requests]: { params: ParamsIn<M>; result: Result<M> } } = {
  'containers.status': {
    params: {},
    result: {
      engine: engineUp,
      running: [{ ...op, name: 'gridhost-job-1-run', image: 'docker.io/org/llama:1', digest: `sha256:${'c'.repeat(64)}`, hostPorts: { '8000/tcp': 49153 } }],
    },
  },
  'containers.engine.reconnect': {
    params: {},
    result: { state: 'down', message: 'No container engine answered (tried /var/run/docker.sock: ECONNREFUSED).', hint: 'Start Docker Desktop.' },
  },
  'containers.logs': { params: { jobId: 'job-1', opId: 'run', maxLines: 100 }, result: { lines: [{ stream: 'stderr', text: 'loading model' }] } },
  'services.list': {
    params: {},
    result: { services: [{ jobId: 'job-1', opId: 'serve', port: 8080, type: 'api', health: 'up', requests: 12, reason: null }] },
  },
  'containers.cache': {
    params: {},
    result: {
      totalBytes: 7_516_192_768,
      budgetBytes: 53_687_091_200,
      images: [
        { reference: 'docker.io/org/llama:1', sizeBytes: 7_000_000_000, lastUsedAt: '2026-11-25T10:00:00.000Z', pinned: false },
        { reference: 'gridhost/benchmark:1', sizeBytes: 516_192_768, lastUsedAt: null, pinned: true },
      ],
    },
  },
};

export const containersEventSamples: { [E in Events]: EventData<E> } = {
  'containers.engine': engineUp,
  'containers.pull.progress': {
    reference: 'docker.io/org/llama:1',
    progress: { layers: 3, layersDone: 1, downloadedBytes: 1_048_576, totalBytes: 4_194_304, percent: 31 },
  },
  'containers.log': { jobId: 'job-1', opId: 'run', entries: [{ stream: 'stdout', text: 'step 1\nstep 2\n' }], skippedBytes: 0 },
  'containers.started': { ...op, hostPorts: {} },
  'containers.exit': { ...op, exitCode: 137, oomKilled: true, ranMs: 5400 },
  'containers.die': { ...op, exitCode: 137 },
  'containers.oom': op,
};
