import { describe, expect, it } from 'vitest';
import { exposedServices } from '../../../../../src/main/core/jobs/exposed-service';
import { FrameType, RelayOpenSchema, RelayProtocolError, decodeCount, decodeFrame, decodeJson, encodeCount, encodeFrame, encodeJson, relayedHeaders } from '../../../../../src/main/core/relay/relay-frames';

describe('the relay framing', () => {
  it('round-trips each kind of frame with its stream id', () => {
    const data = decodeFrame(encodeFrame(FrameType.data, 0xfffffffe, Buffer.from('abc')));
    expect(data).toMatchObject({ type: FrameType.data, stream: 0xfffffffe });
    expect(Buffer.from(data.payload).toString()).toBe('abc');
    expect(decodeCount(decodeFrame(encodeCount(FrameType.credit, 7, 65_536)))).toBe(65_536);
    const open = { kind: 'http' as const, method: 'POST', path: '/v1/completions?stream=1', headers: { 'content-type': 'application/json' } };
    expect(decodeJson(decodeFrame(encodeJson(FrameType.open, 1, open)), RelayOpenSchema)).toEqual(open);
  });

  it('refuses a short frame, an unknown type and an open frame of the wrong shape', () => {
    expect(() => decodeFrame(Buffer.from([3, 0, 0]))).toThrow(RelayProtocolError);
    expect(() => decodeFrame(Buffer.from([42, 0, 0, 0, 1]))).toThrow(/unknown relay frame type 42/);
    const relative = decodeFrame(encodeJson(FrameType.open, 1, { kind: 'http', method: 'GET', path: 'http://elsewhere/', headers: {} }));
    expect(() => decodeJson(relative, RelayOpenSchema)).toThrow(RelayProtocolError);
  });

  it('drops hop-by-hop headers and the grid credentials, keeps the rest', () => {
    expect(relayedHeaders({ Connection: 'keep-alive', authorization: 'Bearer t', host: 'grid', 'Content-Type': 'text/plain', 'content-length': '3', 'x-a': ['1', '2'] })).toEqual({
      'content-type': 'text/plain',
      'content-length': '3',
      'x-a': ['1', '2'],
    });
  });
});

describe('exposedServices', () => {
  it('reads a port, a list of ports and Nosana\'s objects with health checks', () => {
    expect(exposedServices(8000)).toEqual([{ port: 8000, type: 'none', healthChecks: [] }]);
    const check = { type: 'websocket' as const, expected_response: 'ready', continuous: false };
    expect(exposedServices([9000, { port: 9001, type: 'websocket', health_checks: [check] }])).toEqual([
      { port: 9000, type: 'none', healthChecks: [] },
      { port: 9001, type: 'websocket', healthChecks: [check] },
    ]);
    expect(exposedServices(undefined)).toEqual([]);
  });
});
