import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../shared/api-surface';
import { ListenerRegistry } from '../shared/listener-registry';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, checkEventMessage, type ResponseBody } from '../shared/wire';

const listeners = new ListenerRegistry();

// Every event is checked against the contract before a listener sees it; a malformed one is dropped.
ipcRenderer.on(IPC_EVENT_CHANNEL, (_e: IpcRendererEvent, message: unknown) => {
  const checked = checkEventMessage(message);
  if (!checked.ok) return console.warn(`Dropped a malformed event from the host (${checked.problem}).`);
  listeners.emit(checked.event, checked.data);
});

// Exactly one object: one function per API method, no raw ipcRenderer.
const api = buildApi({
  request: (method, params) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, method, params) as Promise<ResponseBody>,
  subscribe: (event, listener) => listeners.add(event, listener),
});

contextBridge.exposeInMainWorld('gridhost', api);
