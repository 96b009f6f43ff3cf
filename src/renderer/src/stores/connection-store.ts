import { create } from 'zustand';
import type { ConnectionState } from '../api/websocket-transport';

interface ConnectionStore {
  state: ConnectionState;
  detail: string | null;
  /** Increases on every (re)connection, so stores reload their snapshot. */
  generation: number;
  set(state: ConnectionState, detail: string | null): void;
}

export const useConnectionStore = create<ConnectionStore>((set, get) => ({
  state: 'connecting',
  detail: null,
  generation: 0,
  set: (state, detail) => set({ state, detail, generation: state === 'connected' ? get().generation + 1 : get().generation }),
}));

export const useConnection = () => useConnectionStore((s) => s);
