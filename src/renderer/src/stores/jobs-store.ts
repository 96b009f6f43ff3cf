import { create } from 'zustand';
import type { ContainerLogLine } from '../../../shared/contract/containers';
import type { EarningsSnapshot, JobsSnapshot } from '../../../shared/contract/grid';
import type { ResourceProgress } from '../../../shared/contract/resources';
import { api } from '../api/client';
import { showOlder, withNewestPage } from './ledger-pages';

/** Lines of the running job's output kept for the page (the full output is in the job log file). */
const MAX_OUTPUT_LINES = 200;

export interface PullState {
  reference: string;
  percent: number;
  downloadedBytes: number;
  totalBytes: number;
}

interface JobsStore {
  /** The job in flight and every row loaded so far (the newest page, and the older pages the owner opened). */
  jobs: JobsSnapshot | null;
  /** Output of the job running now, newest last. */
  output: ContainerLogLine[];
  /** The image being downloaded for the job running now, until its container starts. */
  pull: PullState | null;
  /** The running job's model resources (HF, S3), by op and target: being fetched, ready, or failed. */
  resources: ResourceProgress[];
  error: string | null;
  /** An older page is being read. */
  loadingOlder: boolean;
}

export const useJobsStore = create<JobsStore>(() => ({ jobs: null, output: [], pull: null, resources: [], error: null, loadingOlder: false }));

let unsubscribers: Array<() => void> | null = null;

const currentJobId = (): string | null => useJobsStore.getState().jobs?.current?.jobId ?? null;

const rowsOf = (jobs: JobsSnapshot) => ({ rows: jobs.history, nextBefore: jobs.nextBefore });

/** A newest page of the ledger (pushed, or re-read) over the rows already loaded. */
function withHistory(jobs: JobsSnapshot | null, current: JobsSnapshot['current'], newest: { rows: JobsSnapshot['history']; nextBefore: string | null }): JobsSnapshot {
  const merged = withNewestPage(jobs && rowsOf(jobs), newest);
  return { current, history: merged.rows, nextBefore: merged.nextBefore };
}

function listen(): void {
  unsubscribers ??= [
    api().onJobsChanged((jobs) =>
      useJobsStore.setState((s) => ({
        jobs: withHistory(s.jobs, jobs.current, rowsOf(jobs)),
        error: null,
        // A new job (or none) starts with empty output.
        ...(jobs.current?.jobId !== s.jobs?.current?.jobId ? { output: [], pull: null, resources: [] } : {}),
      })),
    ),
    // Job history is the ledger's rows: a settlement or a run closed after a restart changes them too.
    api().onEarningsChanged((earnings: EarningsSnapshot) =>
      useJobsStore.setState((s) => (s.jobs ? { jobs: withHistory(s.jobs, s.jobs.current, { rows: earnings.entries, nextBefore: earnings.nextBefore }) } : {})),
    ),
    api().onContainersLog((batch) => {
      if (batch.jobId !== currentJobId()) return;
      useJobsStore.setState((s) => ({ output: [...s.output, ...batch.entries].slice(-MAX_OUTPUT_LINES) }));
    }),
    api().onContainersPullProgress(({ reference, progress }) => {
      if (currentJobId() === null) return;
      useJobsStore.setState({ pull: { reference, percent: progress.percent, downloadedBytes: progress.downloadedBytes, totalBytes: progress.totalBytes } });
    }),
    api().onJobsResourceProgress((progress) => {
      if (progress.jobId !== currentJobId()) return;
      const same = (r: ResourceProgress) => r.opId === progress.opId && r.target === progress.target;
      useJobsStore.setState((s) => ({ resources: [...s.resources.filter((r) => !same(r)), progress] }));
    }),
    api().onContainersStarted((started) => {
      if (started.jobId === currentJobId()) useJobsStore.setState({ pull: null });
    }),
  ];
}

export const jobsActions = {
  /** Loads the job list once, then follows pushed changes and the running job's output. */
  async load(): Promise<void> {
    listen();
    try {
      useJobsStore.setState({ jobs: await api().jobsList(), error: null });
    } catch (err) {
      useJobsStore.setState({ error: (err as Error).message });
    }
  },

  /** Appends the next older page ("Show older"). */
  loadOlder(): Promise<void> {
    return showOlder(
      useJobsStore,
      (s) => s.jobs && rowsOf(s.jobs),
      async (before) => rowsOf(await api().jobsList({ before })),
      (s, merged) => ({ jobs: s.jobs && { ...s.jobs, history: merged.rows, nextBefore: merged.nextBefore } }),
    );
  },
};

export const useJobs = () => useJobsStore((s) => s.jobs);
export const useJobOutput = () => useJobsStore((s) => s.output);
export const useJobPull = () => useJobsStore((s) => s.pull);
export const useJobResources = () => useJobsStore((s) => s.resources);
export const useJobsError = () => useJobsStore((s) => s.error);
export const useJobsLoadingOlder = () => useJobsStore((s) => s.loadingOlder);
