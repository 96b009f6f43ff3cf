import { create } from 'zustand';
import type { ContainerLogLine } from '../../../shared/contract/containers';
import type { JobsSnapshot } from '../../../shared/contract/grid';
import { api } from '../api/client';

/** Lines of the running job's output kept for the page (the full output is in the job log file). */
const MAX_OUTPUT_LINES = 200;

export interface PullState {
  reference: string;
  percent: number;
  downloadedBytes: number;
  totalBytes: number;
}

interface JobsStore {
  jobs: JobsSnapshot | null;
  /** Output of the job running now, newest last. */
  output: ContainerLogLine[];
  /** The image being downloaded for the job running now, until its container starts. */
  pull: PullState | null;
  error: string | null;
}

export const useJobsStore = create<JobsStore>(() => ({ jobs: null, output: [], pull: null, error: null }));

let unsubscribers: Array<() => void> | null = null;

const currentJobId = (): string | null => useJobsStore.getState().jobs?.current?.jobId ?? null;

function listen(): void {
  unsubscribers ??= [
    api().onJobsChanged((jobs) =>
      useJobsStore.setState((s) => ({
        jobs,
        error: null,
        // A new job (or none) starts with empty output.
        ...(jobs.current?.jobId !== s.jobs?.current?.jobId ? { output: [], pull: null } : {}),
      })),
    ),
    api().onContainersLog((batch) => {
      if (batch.jobId !== currentJobId()) return;
      useJobsStore.setState((s) => ({ output: [...s.output, ...batch.entries].slice(-MAX_OUTPUT_LINES) }));
    }),
    api().onContainersPullProgress(({ reference, progress }) => {
      if (currentJobId() === null) return;
      useJobsStore.setState({ pull: { reference, percent: progress.percent, downloadedBytes: progress.downloadedBytes, totalBytes: progress.totalBytes } });
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
};

export const useJobs = () => useJobsStore((s) => s.jobs);
export const useJobOutput = () => useJobsStore((s) => s.output);
export const useJobPull = () => useJobsStore((s) => s.pull);
export const useJobsError = () => useJobsStore((s) => s.error);
