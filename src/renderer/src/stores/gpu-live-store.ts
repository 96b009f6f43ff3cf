import { create } from 'zustand';
import type { GpuLive } from '../../../shared/contract/gpu-live';
import { api } from '../api/client';

interface GpuLiveStore {
  live: GpuLive | null;
  error: string | null;
}

export const useGpuLiveStore = create<GpuLiveStore>(() => ({ live: null, error: null }));

/** About once a second, while the card is on screen and the window visible. */
const SAMPLE_MS = 1000;

let watchers = 0;
let timer: ReturnType<typeof setInterval> | null = null;

async function sample(): Promise<void> {
  if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
  try {
    useGpuLiveStore.setState({ live: await api().gpuLive(), error: null });
  } catch (err) {
    useGpuLiveStore.setState({ error: (err as Error).message });
  }
}

export const gpuLiveActions = {
  /** A card that shows the figures watches them; sampling stops when the last one stops watching. Returns the stop. */
  watch(): () => void {
    watchers++;
    if (timer === null) {
      void sample();
      timer = setInterval(() => void sample(), SAMPLE_MS);
    }
    return () => {
      watchers--;
      if (watchers === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  },
};

export const useGpuLive = () => useGpuLiveStore((s) => s.live);
export const useGpuLiveError = () => useGpuLiveStore((s) => s.error);
