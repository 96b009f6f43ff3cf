import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api-error';
import { buildApi, eventFunctionName, requestFunctionName, type ApiTransport } from '../../../src/shared/api-surface';
import { EVENT_NAMES, REQUEST_NAMES, events, requests } from '../../../src/shared/contract';
import { eventSamples, requestSamples } from '../../support/contract-samples';

describe('the API contract', () => {
  it('has a valid sample for every request and event (samples stay true to the schemas)', () => {
    for (const method of REQUEST_NAMES) {
      expect(requests[method].params.safeParse(requestSamples[method].params).success, `${method} params`).toBe(true);
      expect(requests[method].result.safeParse(requestSamples[method].result).success, `${method} result`).toBe(true);
    }
    for (const name of EVENT_NAMES) {
      expect(events[name].data.safeParse(eventSamples[name]).success, `${name} data`).toBe(true);
    }
  });

  it('derives one function per request and one on<Event> per event', () => {
    expect(requestFunctionName('host.status')).toBe('hostStatus');
    expect(requestFunctionName('gpu.benchmark.start')).toBe('gpuBenchmarkStart');
    expect(eventFunctionName('host.state')).toBe('onHostState');
    const api = buildApi({ request: async () => ({ ok: true, result: null }), subscribe: () => () => undefined });
    expect(Object.keys(api).sort()).toEqual(
      [...REQUEST_NAMES.map(requestFunctionName), ...EVENT_NAMES.map(eventFunctionName)].sort(),
    );
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('turns an error response into an ApiError with its code and message', async () => {
    const transport: ApiTransport = {
      request: async () => ({ ok: false, error: { code: 'invalid_params', message: 'port must be a number' } }),
      subscribe: () => () => undefined,
    };
    const api = buildApi(transport);
    const failure = await api.hostStatus().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'invalid_params', message: 'port must be a number' });
  });

  it('refuses a listener that is not a function', () => {
    const api = buildApi({ request: async () => ({ ok: true, result: null }), subscribe: () => () => undefined });
    expect(() => api.onHostState('nope' as never)).toThrow(/needs a listener function/);
  });
});
