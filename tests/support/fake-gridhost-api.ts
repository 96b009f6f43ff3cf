import { ApiError } from '../../src/shared/api-error';
import { buildApi, type GridhostApi } from '../../src/shared/api-surface';
import type { EventData, EventName, ParamsIn, RequestName, Result } from '../../src/shared/contract';
import { ListenerRegistry } from '../../src/shared/listener-registry';
import type { ResponseBody } from '../../src/shared/wire';

type Answer<M extends RequestName> = (params: ParamsIn<M>) => Result<M> | Promise<Result<M>>;

/**
 * The renderer's port to the host, faked: the real `buildApi` over a transport that records every request,
 * answers from what the test set (an unset request fails with `unavailable`), and lets the test push events.
 */
export class FakeGridhostApi {
  /** Every request in the order it was made, with the parameters the caller passed. */
  readonly calls: Array<{ method: RequestName; params: unknown }> = [];
  private readonly answers = new Map<RequestName, (params: unknown) => unknown>();
  private readonly listeners = new ListenerRegistry((_event, error) => {
    throw error;
  });

  readonly api: GridhostApi = buildApi({
    request: async (method, params): Promise<ResponseBody> => {
      this.calls.push({ method, params });
      const answer = this.answers.get(method);
      if (!answer) return { ok: false, error: { code: 'unavailable', message: `no answer set for ${method}` } };
      try {
        return { ok: true, result: await answer(params) };
      } catch (err) {
        const error = err instanceof ApiError ? err : new ApiError('internal', (err as Error).message);
        return { ok: false, error: { code: error.code, message: error.message } };
      }
    },
    subscribe: (event, listener) => this.listeners.add(event, listener),
  });

  /** Answers every later `method` request with `result`, or with what `answer` returns (or throws). */
  answer<M extends RequestName>(method: M, result: Result<M> | Answer<M>): this {
    const fn = typeof result === 'function' ? (result as Answer<M>) : () => result;
    this.answers.set(method, fn as (params: unknown) => unknown);
    return this;
  }

  /** Makes every later `method` request fail with this message. */
  fail(method: RequestName, message: string, code = 'unavailable'): this {
    this.answers.set(method, () => {
      throw new ApiError(code, message);
    });
    return this;
  }

  /** Holds `method`'s answers until the test releases each one (to see what a store shows meanwhile). */
  hold<M extends RequestName>(method: M): { release(result: Result<M>): void; reject(message: string): void } {
    const waiting: Array<{ resolve: (r: Result<M>) => void; reject: (e: Error) => void }> = [];
    this.answers.set(method, () => new Promise((resolve, reject) => waiting.push({ resolve, reject })));
    return {
      release: (result) => waiting.shift()?.resolve(result),
      reject: (message) => waiting.shift()?.reject(new ApiError('unavailable', message)),
    };
  }

  /** Pushes an event to the listeners, as the host does. */
  emit<E extends EventName>(event: E, data: EventData<E>): void {
    this.listeners.emit(event, data);
  }

  listenerCount(event: EventName): number {
    return this.listeners.count(event);
  }

  /** The methods requested so far, in order. */
  methods(): RequestName[] {
    return this.calls.map((c) => c.method);
  }
}
