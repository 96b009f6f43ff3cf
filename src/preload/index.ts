import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../shared/api-surface';
import type { ResponseBody } from '../shared/wire';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../shared/wire';

type EventMessage = { event: string; data: unknown };
const listeners = new Map<string, Set<(data: unknown) => void>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, message: EventMessage) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.data);
});

// Exactly one object: one function per API method, no raw ipcRenderer.
const api = buildApi({
  request: (method, params) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, method, params) as Promise<ResponseBody>,
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
});

contextBridge.exposeInMainWorld('gridhost', api);
