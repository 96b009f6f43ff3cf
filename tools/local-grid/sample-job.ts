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

/** A one-op container job of the local grid in the Nosana v0.1 dialect. */
function oneOpJob<Op>(description: string, op: Op) {
  return { version: '0.1' as const, type: 'container' as const, meta: { trigger: 'local-grid', description }, ops: [op] };
}

/**
 * A sample inference job in the Nosana v0.1 dialect: it reads a prompt from its environment, "thinks" for a
 * while and prints a completion, the way a real inference job prints its output to the log.
 */
export function sampleInferenceJob(options: SampleJobOptions): JobDefinition {
  return oneOpJob('Sample inference job from the local grid', {
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
  });
}

/** The port the sample service job listens on inside its container. */
export const SAMPLE_SERVICE_PORT = 8080;

/**
 * A sample batch job: it prints a few lines and the op's `results` (Nosana's regex over the op's output) lift
 * the completion and the token count into the run's results. Typed `unknown`: the grid posts definitions as
 * JSON, and the host's dialect (job-definition.ts) is what reads `results`.
 */
export function sampleBatchJob(options: Omit<SampleJobOptions, 'durationSeconds'>): unknown {
  return oneOpJob('Sample batch job with results from the local grid', {
    type: 'container/run',
    id: 'batch',
    args: {
      image: options.image,
      gpu: options.gpu,
      cmd: ['sh', '-c', 'echo "tokens: 96"; echo "completion: idle GPUs earn while their owners sleep."'],
    },
    results: {
      completion: { regex: 'completion: (.*)', logType: ['stdout'] },
      tokens: { regex: 'tokens: ([0-9]+)', logType: ['stdout'] },
    },
  });
}

/** The CGI script of the sample service: answers a completion request (POST, JSON) with a JSON completion. */
const COMPLETION_CGI = [
  '#!/bin/sh',
  'body=$(head -c "${CONTENT_LENGTH:-0}")',
  "printf 'Content-Type: application/json\\r\\n\\r\\n'",
  'printf \'{"completion":"a grid rents idle GPUs to AI jobs.","request_bytes":%d}\\n\' "${#body}"',
].join('\n');

/**
 * A sample inference service: busybox `httpd` serving `/health` and a CGI completion endpoint
 * (`POST /cgi-bin/complete.sh`) on port 8080, exposed with an HTTP health check that keeps watching while it
 * runs. It serves for `durationSeconds`, then stops (the job finishes).
 */
export function sampleServiceJob(options: SampleJobOptions & { healthPath?: string }): JobDefinition {
  const script = [
    'mkdir -p /tmp/www/cgi-bin',
    'echo ok > /tmp/www/health',
    `cat > /tmp/www/cgi-bin/complete.sh <<'EOS'\n${COMPLETION_CGI}\nEOS`,
    // A job's /tmp is mounted noexec: httpd runs the script through /bin/sh (its interpreter mapping).
    "echo '*.sh:/bin/sh' > /tmp/httpd.conf",
    `httpd -f -p ${SAMPLE_SERVICE_PORT} -h /tmp/www -c /tmp/httpd.conf & pid=$!`,
    'echo "serving completions on port 8080"',
    `sleep ${options.durationSeconds}`,
    'kill $pid',
  ].join('\n');
  return oneOpJob('Sample inference service from the local grid', {
    type: 'container/run',
    id: 'serve',
    args: {
      image: options.image,
      gpu: options.gpu,
      cmd: ['sh', '-c', script],
      expose: [
        {
          port: SAMPLE_SERVICE_PORT,
          type: 'api',
          health_checks: [{ type: 'http', path: options.healthPath ?? '/health', method: 'GET', expected_status: 200, continuous: true }],
        },
      ],
    },
  });
}

/** The sample jobs the feeder and `post-job --kind` post: a timed inference, a batch job with `results`, an HTTP service with a health check. */
export type SampleKind = 'timed' | 'batch' | 'service';

export const SAMPLE_JOBS: Record<SampleKind, (options: SampleJobOptions) => unknown> = {
  timed: sampleInferenceJob,
  batch: sampleBatchJob,
  service: sampleServiceJob,
};

export function isSampleKind(kind: string): kind is SampleKind {
  return Object.hasOwn(SAMPLE_JOBS, kind);
}
