import { create } from 'zustand';
import type { JobsSnapshot } from '../../../shared/contract/grid';
import { api } from '../api/client';

interface JobsStore {
  jobs: JobsSnapshot | null;
  error: string | null;
}

const useJobsStore = create<JobsStore>(() => ({ jobs: null, error: null }));

let unsubscribe: (() => void) | null = null;

export const jobsActions = {
  /** Loads the job list once, then follows pushed changes. */
  async load(): Promise<void> {
    unsubscribe ??= api.onJobsChanged((jobs) => useJobsStore.setState({ jobs, error: null }));
    try {
      useJobsStore.setState({ jobs: await api.jobsList(), error: null });
    } catch (err) {
      useJobsStore.setState({ error: (err as Error).message });
    }
  },
};

export const useJobs = () => useJobsStore((s) => s.jobs);
export const useJobsError = () => useJobsStore((s) => s.error);
