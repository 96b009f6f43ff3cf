import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eventFunctionName, requestFunctionName } from '../../../src/shared/api-surface';
import { EVENT_NAMES, REQUEST_NAMES } from '../../../src/shared/contract';
import { IPC_REQUEST_CHANNEL, PASSPHRASE_CHANNEL } from '../../../src/shared/wire';

// Electron's preload modules, recorded: what the preload hands the page, and what it sends.
const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    on: () => undefined,
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, result: { state: 'ready' } };
    },
    send: () => undefined,
  },
}));

describe('the preload', () => {
  beforeEach(() => {
    exposed.clear();
    invoked.length = 0;
    vi.resetModules();
  });

  it('exposes exactly the contract: one object, one function per request and per event, nothing else', async () => {
    await import('../../../src/preload/index');
    expect([...exposed.keys()]).toEqual(['gridhost']);
    const api = exposed.get('gridhost') as Record<string, unknown>;
    const expected = [...REQUEST_NAMES.map(requestFunctionName), ...EVENT_NAMES.map(eventFunctionName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const name of expected) expect(typeof api[name]).toBe('function');
    // No raw IPC: a request goes over the one channel, with its method name.
    await (api.hostStatus as () => Promise<unknown>)();
    expect(invoked.map(([channel, method]) => [channel, method])).toEqual([[IPC_REQUEST_CHANNEL, 'host.status']]);
  });

  it('the passphrase window’s preload exposes nothing and sends on the passphrase channel', async () => {
    vi.stubGlobal('window', { addEventListener: () => undefined });
    await import('../../../src/preload/passphrase');
    vi.unstubAllGlobals();
    expect(exposed.size).toBe(0);
    const source = await readFile(join(__dirname, '../../../src/preload/passphrase.ts'), 'utf8');
    expect(source).toContain(`const PASSPHRASE_CHANNEL = '${PASSPHRASE_CHANNEL}';`);
  });
});
