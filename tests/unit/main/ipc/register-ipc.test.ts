import { describe, expect, it } from 'vitest';
import { buildApi, eventFunctionName, requestFunctionName } from '../../../../src/shared/api-surface';
import { EVENT_NAMES, REQUEST_NAMES, type RequestName } from '../../../../src/shared/contract';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL, type ResponseBody } from '../../../../src/shared/wire';
import { forwardEvents, registerIpc, trustedRendererUrl, type IpcMainLike } from '../../../../src/main/ipc/register-ipc';
import { eventSamples, requestSamples } from '../../../support/contract-samples';
import { EventBus } from '../../../../src/main/core/host/event-bus';
import { RecordingLogger, sampleDispatcher } from '../../../support/core-fakes';

type Handler = (event: unknown, ...args: unknown[]) => Promise<ResponseBody>;

/** A recorded stand-in for Electron's ipcMain: keeps the handlers so the test can invoke them like a renderer. */
class RecordedIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly log: string[] = [];
  handle(channel: string, listener: Handler) {
    this.log.push(`handle ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.log.push(`remove ${channel}`);
    this.handlers.delete(channel);
  }
  invoke(frameUrl: string | null, ...args: unknown[]) {
    const handler = this.handlers.get(IPC_REQUEST_CHANNEL);
    if (!handler) throw new Error('no handler registered');
    return handler({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  }
}

const APP_URL = 'app://gridhost/index.html';
const trusted = trustedRendererUrl('app://gridhost', 'http://localhost:5173');

function setup() {
  const ipc = new RecordedIpcMain();
  const calls: Array<[RequestName, unknown]> = [];
  const logger = new RecordingLogger();
  const unregister = registerIpc(ipc as unknown as IpcMainLike, sampleDispatcher(calls, logger), trusted, logger);
  return { ipc, calls, logger, unregister };
}

describe('IPC registration', () => {
  it('round-trips every request of the contract through the preload-style api', async () => {
    const { ipc, calls } = setup();
    const api = buildApi({
      request: (method, params) => ipc.invoke(APP_URL, method, params),
      subscribe: () => () => undefined,
    }) as unknown as Record<string, (p: unknown) => Promise<unknown>>;
    for (const method of REQUEST_NAMES) {
      const result = await api[requestFunctionName(method)]!(requestSamples[method].params);
      expect(result, method).toEqual(requestSamples[method].result);
    }
    expect(calls.map(([m]) => m)).toEqual(REQUEST_NAMES);
  });

  it('registers one channel and removes it on unregister', () => {
    const { ipc, unregister } = setup();
    unregister();
    expect(ipc.log).toEqual([`handle ${IPC_REQUEST_CHANNEL}`, `remove ${IPC_REQUEST_CHANNEL}`]);
  });

  it.each([
    ['another website', 'https://evil.example/index.html'],
    ['a file outside the app', 'file:///home/alice/Downloads/page.html'],
    ['the renderer as a file (the old way, no longer served)', 'file:///opt/GridHost/resources/app.asar/out/renderer/index.html'],
    ['another app:// host', 'app://other/index.html'],
    ['a frame without a URL', null],
  ])('refuses a sender from %s, and does not run the request', async (_label, url) => {
    const { ipc, calls, logger } = setup();
    const body = await ipc.invoke(url, 'settings.update', { logs: { level: 'debug' } });
    expect(body).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/GridHost window/) } });
    expect(calls).toEqual([]);
    expect(logger.records.some((r) => r.msg.includes('untrusted frame'))).toBe(true);
  });

  it('accepts the dev server in development', async () => {
    const { ipc } = setup();
    expect(await ipc.invoke('http://localhost:5173/#/hardware', 'host.status', {})).toMatchObject({ ok: true });
  });

  it('refuses an unknown method and malformed arguments with a reason', async () => {
    const { ipc } = setup();
    expect(await ipc.invoke(APP_URL, 'fs.readFile', { path: '/etc/shadow' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await ipc.invoke(APP_URL, 'settings.update', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await ipc.invoke(APP_URL, { method: 'host.status' })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('forwards every event to the window until it is destroyed', async () => {
    const events = new EventBus(new RecordingLogger());
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const target = { send: (channel: string, message: unknown) => sent.push([channel, message]), isDestroyed: () => destroyed };
    forwardEvents(events, target as never);
    for (const name of EVENT_NAMES) events.publish(name, eventSamples[name] as never);
    expect(sent).toEqual(EVENT_NAMES.map((name) => [IPC_EVENT_CHANNEL, { event: name, data: eventSamples[name] }]));
    destroyed = true;
    events.publish('host.state', eventSamples['host.state']);
    expect(sent).toHaveLength(EVENT_NAMES.length);
  });

  it('delivers forwarded events to the preload api listeners', () => {
    const listeners = new Map<string, (d: unknown) => void>();
    const api = buildApi({
      request: async () => ({ ok: true, result: null }),
      subscribe: (event, listener) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    }) as unknown as Record<string, (cb: (d: unknown) => void) => () => void>;
    for (const name of EVENT_NAMES) {
      const got: unknown[] = [];
      const off = api[eventFunctionName(name)]!((d) => got.push(d));
      listeners.get(name)!(eventSamples[name]);
      expect(got).toEqual([eventSamples[name]]);
      off();
      expect(listeners.has(name)).toBe(false);
    }
  });
});
