import type { z } from 'zod';
import type { EventDef, RequestDef } from './define';
import { gpuEvents, gpuRequests } from './gpu';
import { gpuLiveRequests } from './gpu-live';
import { containersEvents, containersRequests } from './containers';
import { earningsRequests } from './earnings';
import { gridEvents, gridRequests } from './grid';
import { hostEvents, hostRequests } from './host';
import { logsEvents, logsRequests } from './logs';
import { resourcesEvents } from './resources';
import { sharingEvents, sharingRequests } from './sharing';
import { walletEvents, walletRequests } from './wallet';

/**
 * The one API contract between the host (main process or headless server) and its clients (renderer, CLI).
 * The preload's `window.gridhost`, the IPC registration, the WebSocket bridge and the renderer's api client
 * are all derived from these two maps. Add a domain by spreading its maps here, and add a valid sample of
 * each new request and event to tests/support/contract-samples.ts (the round-trip tests run every one).
 */
export const requests = {
  ...hostRequests,
  ...gpuRequests,
  ...gridRequests,
  ...earningsRequests,
  ...walletRequests,
  ...logsRequests,
  ...containersRequests,
  ...sharingRequests,
  ...gpuLiveRequests,
} satisfies Record<string, RequestDef>;

export const events = {
  ...hostEvents,
  ...gpuEvents,
  ...gridEvents,
  ...walletEvents,
  ...logsEvents,
  ...containersEvents,
  ...resourcesEvents,
  ...sharingEvents,
} satisfies Record<string, EventDef>;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;

/** What a caller passes (defaults not yet applied). */
export type ParamsIn<M extends RequestName> = z.input<Requests[M]['params']>;
/** What a handler receives (validated, defaults applied). */
export type ParamsOut<M extends RequestName> = z.output<Requests[M]['params']>;
export type Result<M extends RequestName> = z.output<Requests[M]['result']>;
export type EventData<E extends EventName> = z.output<Events[E]['data']>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export { AppInfoSchema, type AppInfo } from './host';
