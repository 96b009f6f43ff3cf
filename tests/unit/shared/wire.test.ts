import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../src/shared/contract';
import { ServerMessageSchema, bearerProtocol, checkEventMessage, supportBundlePath } from '../../../src/shared/wire';
import { eventSamples } from '../../support/contract-samples';

describe('the wire', () => {
  it('accepts every event of the contract with valid data', () => {
    for (const event of EVENT_NAMES) {
      expect(checkEventMessage({ event, data: eventSamples[event] }), event).toEqual({ ok: true, event, data: eventSamples[event] });
    }
  });

  it('refuses an event message that is not one, an unknown event, or data its schema rejects, naming the problem', () => {
    expect(checkEventMessage('host.state')).toEqual({ ok: false, problem: 'not an {event, data} message' });
    expect(checkEventMessage({ data: {} })).toEqual({ ok: false, problem: 'not an {event, data} message' });
    expect(checkEventMessage({ event: 'host.reboot', data: {} })).toEqual({ ok: false, problem: 'unknown event host.reboot' });
    const bad = checkEventMessage({ event: 'host.state', data: { ...eventSamples['host.state'], state: 'dancing' } });
    expect(bad).toMatchObject({ ok: false, problem: expect.stringMatching(/^host\.state: state: /) });
  });

  it('tells responses and events apart from anything else the server could send', () => {
    expect(ServerMessageSchema.safeParse({ id: 1, ok: true, result: { a: 1 } }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ id: null, ok: false, error: { code: 'bad_message', message: 'x' } }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ event: 'host.state', data: null }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ id: 1, ok: false, error: 'nope' }).success).toBe(false);
    expect(ServerMessageSchema.safeParse({ ok: true, result: 1 }).success).toBe(false);
  });

  it('forms the token subprotocol and the bundle download path', () => {
    expect(bearerProtocol('abc')).toBe('bearer.abc');
    expect(supportBundlePath('gridhost-support-1.zip')).toBe('/api/support-bundles/gridhost-support-1.zip');
    expect(supportBundlePath('../x y.zip')).toBe('/api/support-bundles/..%2Fx%20y.zip');
  });
});
