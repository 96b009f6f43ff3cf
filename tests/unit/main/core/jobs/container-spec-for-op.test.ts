import { describe, expect, it } from 'vitest';
import { parseJobContainerSpec } from '../../../../../src/main/core/containers/job-container-spec';
import { containerSpecForOp } from '../../../../../src/main/core/jobs/container-spec-for-op';
import type { ContainerRunOp, JobDefinition } from '../../../../../src/main/core/jobs/job-definition';

const definition: JobDefinition = {
  version: '0.1',
  type: 'container',
  global: { gpu: true, env: { MODEL: 'llama3', LOG: 'info' }, work_dir: '/srv' },
  ops: [
    {
      type: 'container/run',
      id: 'serve',
      args: { image: 'docker.io/ollama/ollama:0.3.12', cmd: 'ollama serve', env: { LOG: 'debug' }, expose: 11434, volumes: [{ name: 'models', dest: '/models' }], aliases: 'llm' },
    },
    { type: 'container/run', id: 'cpu', args: { image: 'busybox', cmd: ['echo', 'hi'], gpu: false, work_dir: '/tmp' } },
  ],
};

describe('containerSpecForOp', () => {
  it('lays the op over the job\'s global fields, and runs a string command through sh -c', () => {
    const spec = containerSpecForOp('job-1', definition, definition.ops[0] as ContainerRunOp);
    expect(spec).toEqual({
      jobId: 'job-1',
      opId: 'serve',
      image: 'docker.io/ollama/ollama:0.3.12',
      cmd: ['/bin/sh', '-c', 'ollama serve'],
      entrypoint: undefined,
      env: { MODEL: 'llama3', LOG: 'debug' },
      workDir: '/srv',
      gpus: 'all',
      expose: [11434],
      volumes: [{ name: 'gridhost-job-job-1-models', target: '/models', writable: true }],
      aliases: ['llm'],
      jobNetwork: true,
    });
    // What the supervisor accepts as it is.
    expect(() => parseJobContainerSpec(spec)).not.toThrow();
  });

  it('lets an op turn the GPU off and keeps an argv command as it is', () => {
    expect(containerSpecForOp('job-1', definition, definition.ops[1] as ContainerRunOp)).toMatchObject({ cmd: ['echo', 'hi'], gpus: 'none', workDir: '/tmp', expose: [], volumes: [] });
  });

  it('puts every op of a job of several run ops on the job network, and a lone op only when it serves or is named', () => {
    // A client op of a job of two ops joins, so it can call the other by name.
    expect(containerSpecForOp('job-1', definition, definition.ops[1] as ContainerRunOp)).toMatchObject({ aliases: [], jobNetwork: true });
    const alone = (args: ContainerRunOp['args']): JobDefinition => ({ version: '0.1', type: 'container', ops: [{ type: 'container/run', id: 'only', args }] });
    const lone = alone({ image: 'busybox', cmd: 'true' });
    expect(containerSpecForOp('job-1', lone, lone.ops[0] as ContainerRunOp)).toMatchObject({ aliases: [], jobNetwork: false });
    const named = alone({ image: 'busybox', aliases: ['db', 'database'] });
    expect(containerSpecForOp('job-1', named, named.ops[0] as ContainerRunOp)).toMatchObject({ aliases: ['db', 'database'], jobNetwork: false });
    // A create-volume op is not a run op: a job of one run op and a volume keeps no network.
    const withVolume: JobDefinition = { ...lone, ops: [{ type: 'container/create-volume', id: 'v', args: { name: 'v' } }, ...lone.ops] };
    expect(containerSpecForOp('job-1', withVolume, withVolume.ops[1] as ContainerRunOp)).toMatchObject({ jobNetwork: false });
  });
});
