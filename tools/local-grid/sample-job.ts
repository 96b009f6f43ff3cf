import type { JobDefinition } from '../../src/main/core/jobs/job-definition';

/** What the feeder's sample job runs. */
export interface SampleJobOptions {
  /** Image of the sample job; any image with a POSIX `sh` (tests use the locally built busybox). */
  image: string;
  /** How long the sample "inference" takes, in seconds. */
  durationSeconds: number;
  /** Whether the job asks for the GPU (GPU markets do; cpu-dev does not). */
  gpu: boolean;
}

export const DEFAULT_SAMPLE_IMAGE = 'docker.io/library/busybox:1.36';

/**
 * A sample inference job in the Nosana v0.1 dialect: it reads a prompt from its environment, "thinks" for a
 * while and prints a completion, the way a real inference job prints its output to the log.
 */
export function sampleInferenceJob(options: SampleJobOptions): JobDefinition {
  return {
    version: '0.1',
    type: 'container',
    meta: { trigger: 'local-grid', description: 'Sample inference job from the local grid' },
    ops: [
      {
        type: 'container/run',
        id: 'infer',
        args: {
          image: options.image,
          gpu: options.gpu,
          env: { PROMPT: 'What is a GPU grid?', SECONDS: String(options.durationSeconds) },
          cmd: [
            'sh',
            '-c',
            'echo "prompt: $PROMPT"; i=0; while [ "$i" -lt "$SECONDS" ]; do sleep 1; i=$((i+1)); echo "generated $((i*32)) tokens"; done; echo "completion: a grid rents idle GPUs to AI jobs."',
          ],
        },
      },
    ],
  };
}
