import type { SupportCheck, SupportJob } from '../../../shared/contract/logs';

/** The app itself; always known. */
export interface SupportAppInfo {
  name: string;
  version: string;
  mode: string;
}

/**
 * Everything a support bundle collects besides the logs, each through its own narrow function so that a
 * piece another domain does not provide (yet), or that fails now, becomes a note in the manifest instead of
 * a failed export. A source that is absent is "not available in this build"; one that returns null has
 * nothing to give (no benchmark run yet); one that throws failed, and its message is the note.
 */
export interface SupportSources {
  app: SupportAppInfo;
  /** OS name, release, architecture, memory. */
  system?: () => Promise<Record<string, unknown>>;
  /** GPU model(s), driver and CUDA versions. */
  gpu?: () => Promise<unknown>;
  /** Container engine product and version. */
  docker?: () => Promise<unknown>;
  /** The enrollment status and market the grid gave last. */
  enrollment?: () => Promise<unknown>;
  /** Settings (redacted again before they are written). */
  settings?: () => Promise<unknown>;
  readinessChecks?: () => Promise<SupportCheck[] | null>;
  lastBenchmark?: () => Promise<unknown>;
  recentJobs?: () => Promise<SupportJob[] | null>;
}

/** The names of the optional sources, with the words the manifest uses for each. */
export const SUPPORT_SOURCE_LABELS = {
  system: 'operating system details',
  gpu: 'GPU and driver',
  docker: 'container engine version',
  enrollment: 'enrollment status and market',
  settings: 'settings',
  readinessChecks: 'readiness checks',
  lastBenchmark: 'last benchmark',
  recentJobs: 'recent jobs',
} as const satisfies Record<Exclude<keyof SupportSources, 'app'>, string>;

export type SupportSourceName = keyof typeof SUPPORT_SOURCE_LABELS;
