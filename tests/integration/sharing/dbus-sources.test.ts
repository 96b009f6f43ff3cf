import { spawn, type ChildProcess } from 'node:child_process';
import { Message, sessionBus, Variant, type MessageBus } from 'dbus-next';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DbusClient } from '../../../src/main/adapters/dbus/dbus-client';
import { gameModeSource } from '../../../src/main/adapters/dbus/gamemode-source';
import { logindIdleSource } from '../../../src/main/adapters/dbus/logind-idle-source';

// A real dbus-daemon (a private bus) with stand-ins for logind and GameMode exported on it: the adapters speak
// real D-Bus to services whose properties the test sets.
let daemon: ChildProcess;
let address: string;
const services: MessageBus[] = [];
const clients: DbusClient[] = [];

beforeAll(async () => {
  daemon = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  address = await new Promise<string>((resolve, reject) => {
    daemon.on('error', reject);
    daemon.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0] ?? ''));
  });
});
afterAll(() => {
  daemon.kill();
});
afterEach(() => {
  for (const bus of services.splice(0)) bus.disconnect();
  for (const client of clients.splice(0)) client.close();
});

type Properties = Record<string, Record<string, Record<string, [signature: string, value: unknown]>>>;

/** Exports `name` answering Properties.Get from `properties[path][interface][name]` and the methods given. */
async function exportService(name: string, properties: Properties, methods: Record<string, (msg: Message) => [string, unknown[]]> = {}) {
  const bus = sessionBus({ busAddress: address });
  services.push(bus);
  await bus.requestName(name, 0);
  bus.addMethodHandler((msg: Message) => {
    if (msg.interface === 'org.freedesktop.DBus.Properties' && msg.member === 'Get') {
      const [iface, prop] = msg.body as [string, string];
      const entry = properties[msg.path]?.[iface]?.[prop];
      // dbus-next's types say newError takes a string; its code takes the call being answered.
      if (!entry) bus.send(Message.newError(msg as unknown as string, 'org.freedesktop.DBus.Error.UnknownProperty', `no ${prop}`));
      else bus.send(Message.newMethodReturn(msg, 'v', [new Variant(entry[0], entry[1])]));
      return true;
    }
    const method = methods[msg.member];
    if (!method) return false;
    const [signature, body] = method(msg);
    bus.send(Message.newMethodReturn(msg, signature, body));
    return true;
  });
}

function client(): DbusClient {
  const c = new DbusClient(() => sessionBus({ busAddress: address }));
  clients.push(c);
  return c;
}

const NOW_US = 1_780_000_000_000_000;

describe('logind over D-Bus', () => {
  it("reads our session's idle time and lock", async () => {
    const session = '/org/freedesktop/login1/session/_32';
    const props: Properties = {
      [session]: { 'org.freedesktop.login1.Session': { IdleHint: ['b', true], IdleSinceHint: ['t', BigInt(NOW_US - 720_000_000)], LockedHint: ['b', false] } },
    };
    await exportService('org.freedesktop.login1', props, { GetSessionByPID: () => ['o', [session]] });
    const source = logindIdleSource(client(), { nowUs: () => NOW_US });
    expect(await source.read()).toEqual({ available: true, value: { idleSeconds: 720, locked: false } });
    props[session]!['org.freedesktop.login1.Session']!.IdleHint = ['b', false];
    props[session]!['org.freedesktop.login1.Session']!.LockedHint = ['b', true];
    expect(await source.read()).toEqual({ available: true, value: { idleSeconds: 0, locked: true } });
  });

  it("outside a session (a system service), watches seat0's active session", async () => {
    const session = '/org/freedesktop/login1/session/c1';
    await exportService(
      'org.freedesktop.login1',
      {
        '/org/freedesktop/login1/seat/seat0': { 'org.freedesktop.login1.Seat': { ActiveSession: ['(so)', ['c1', session]] } },
        [session]: { 'org.freedesktop.login1.Session': { IdleHint: ['b', true], IdleSinceHint: ['t', BigInt(NOW_US - 60_000_000)], LockedHint: ['b', true] } },
      },
      {},
    );
    const source = logindIdleSource(client(), { nowUs: () => NOW_US, pid: 1 });
    expect(await source.read()).toEqual({ available: true, value: { idleSeconds: 60, locked: true } });
  });

  it('is unavailable, with why, when logind is not on the bus or there is no bus', async () => {
    const missing = await logindIdleSource(client()).read();
    expect(missing.available ? '' : missing.why).toMatch(/^logind did not answer over D-Bus \(org\.freedesktop\.DBus\.Error\.ServiceUnknown/);
    const noBus = new DbusClient(() => sessionBus({ busAddress: 'unix:path=/nonexistent/bus' }));
    clients.push(noBus);
    const reading = await logindIdleSource(noBus).read();
    expect(reading).toEqual({ available: false, why: 'logind did not answer over D-Bus (no D-Bus bus to connect to)' });
  });
});

describe('Feral GameMode over D-Bus', () => {
  it('reads ClientCount: a game asked for game mode', async () => {
    const props: Properties = { '/com/feralinteractive/GameMode': { 'com.feralinteractive.GameMode': { ClientCount: ['i', 0] } } };
    await exportService('com.feralinteractive.GameMode', props);
    const source = gameModeSource(client());
    expect(await source.read()).toEqual({ available: true, value: { active: false, program: null, game: false } });
    props['/com/feralinteractive/GameMode']!['com.feralinteractive.GameMode']!.ClientCount = ['i', 1];
    expect(await source.read()).toEqual({ available: true, value: { active: true, program: null, game: true } });
  });

  it('says GameMode is not installed when it is neither running nor activatable', async () => {
    expect(await gameModeSource(client()).read()).toEqual({ available: false, why: 'Feral GameMode is not installed' });
  });
});
