import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../src/shared/api-error';
import { ApiDispatcher, type ApiHandlers } from '../../../../../src/main/core/api/dispatcher';
import { REQUEST_NAMES, type RequestName } from '../../../../../src/shared/contract';
import { requestSamples } from '../../../../support/contract-samples';
import { RecordingLogger, sampleDispatcher, sampleHandlers } from '../../../../support/core-fakes';

describe('ApiDispatcher', () => {
  it('answers every request of the contract with its handler result', async () => {
    const calls: Array<[RequestName, unknown]> = [];
    const dispatcher = sampleDispatcher(calls);
    for (const method of REQUEST_NAMES) {
      const body = await dispatcher.dispatch(method, requestSamples[method].params);
      expect(body, method).toEqual({ ok: true, result: requestSamples[method].result });
    }
    expect(calls.map(([m]) => m)).toEqual(REQUEST_NAMES);
  });

  it.each([
    ['a number', 42, /Unknown method a number/],
    ['an unknown name', 'host.explode', /Unknown method "host.explode"/],
    ['a prototype key', '__proto__', /Unknown method "__proto__"/],
    ['undefined', undefined, /Unknown method a undefined/],
  ])('refuses %s as method with unknown_method', async (_label, method, message) => {
    const body = await sampleDispatcher([]).dispatch(method, {});
    expect(body).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(body.ok ? '' : body.error.message).toMatch(message);
  });

  it('refuses invalid parameters with a message that names the field, and never calls the handler', async () => {
    const calls: Array<[RequestName, unknown]> = [];
    const body = await sampleDispatcher(calls).dispatch('settings.update', { containers: { stopGraceSeconds: 'soon' } });
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(body.ok ? '' : body.error.message).toMatch(/containers\.stopGraceSeconds/);
    expect(calls).toEqual([]);
  });

  it('refuses unknown keys instead of ignoring them', async () => {
    const body = await sampleDispatcher([]).dispatch('host.status', { sneaky: true });
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });

  it('passes an ApiError through and hides other failures behind a logged internal error', async () => {
    const logger = new RecordingLogger();
    const handlers = {
      ...sampleHandlers([]),
      'host.status': () => {
        throw new ApiError('busy', 'A job is running.');
      },
      'app.info': () => {
        throw new TypeError('cannot read properties of undefined');
      },
    } as ApiHandlers;
    const dispatcher = new ApiDispatcher(handlers, logger);
    expect(await dispatcher.dispatch('host.status', {})).toEqual({ ok: false, error: { code: 'busy', message: 'A job is running.' } });
    const internal = await dispatcher.dispatch('app.info', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.records.some((r) => r.level === 'error' && r.fields.method === 'app.info')).toBe(true);
  });

  it('refuses to send a result that breaks the contract', async () => {
    const logger = new RecordingLogger();
    const handlers = { ...sampleHandlers([]), 'host.status': () => ({ state: 'dancing' }) } as unknown as ApiHandlers;
    const body = await new ApiDispatcher(handlers, logger).dispatch('host.status', {});
    expect(body).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.records.some((r) => r.msg === 'handler returned a result outside the contract')).toBe(true);
  });
});

describe('settings.update over the API', () => {
  it('refuses the payout address, which only wallet.payout.set may change (with its checks)', async () => {
    const body = await sampleDispatcher([]).dispatch('settings.update', { wallet: { payoutAddress: 'So11111111111111111111111111111111111111112' } });
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/payoutAddress/) } });
  });
});
