/** Fixed entry names inside a support bundle. */
export const BUNDLE_ENTRIES = {
  manifest: 'manifest.json',
  checks: 'checks.json',
  benchmark: 'benchmark.json',
  jobs: 'jobs.json',
  /** Prefix of the log files: `logs/gridhost.log`, `logs/jobs/<container>.log`. */
  logsPrefix: 'logs/',
} as const;
