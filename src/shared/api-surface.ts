import { ApiError } from './api-error';
import {
  EVENT_NAMES,
  REQUEST_NAMES,
  type EventData,
  type EventName,
  type ParamsIn,
  type RequestName,
  type Result,
} from './contract';
import type { ResponseBody } from './wire';

type Camel<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

type RequestFn<M extends RequestName> =
  Record<string, never> extends ParamsIn<M>
    ? (params?: ParamsIn<M>) => Promise<Result<M>>
    : (params: ParamsIn<M>) => Promise<Result<M>>;

/** `window.gridhost`: one function per request, and `on<Event>(listener)` returning an unsubscribe. */
export type GridhostApi = { [M in RequestName as Camel<M>]: RequestFn<M> } & {
  [E in EventName as `on${Capitalize<Camel<E>>}`]: (listener: (data: EventData<E>) => void) => () => void;
};

/** What carries requests and events: Electron IPC in the desktop app, a WebSocket in headless mode. */
export interface ApiTransport {
  request(method: RequestName, params: unknown): Promise<ResponseBody>;
  subscribe(event: EventName, listener: (data: unknown) => void): () => void;
}

export function requestFunctionName(method: string): string {
  return method.replace(/\.([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function eventFunctionName(event: string): string {
  const camel = requestFunctionName(event);
  return `on${camel.charAt(0).toUpperCase()}${camel.slice(1)}`;
}

/** Builds the typed API object from the contract and a transport. Failed calls throw ApiError. */
export function buildApi(transport: ApiTransport): GridhostApi {
  const api: Record<string, unknown> = {};
  for (const method of REQUEST_NAMES) {
    api[requestFunctionName(method)] = async (params?: unknown) => {
      const body = await transport.request(method, params ?? {});
      if (!body.ok) throw new ApiError(body.error.code, body.error.message);
      return body.result;
    };
  }
  for (const name of EVENT_NAMES) {
    api[eventFunctionName(name)] = (listener: (data: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventFunctionName(name)} needs a listener function`);
      return transport.subscribe(name, listener);
    };
  }
  return Object.freeze(api) as GridhostApi;
}
