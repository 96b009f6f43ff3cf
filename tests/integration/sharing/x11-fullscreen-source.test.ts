import { createRequire } from 'node:module';
import { createClient, type XDisplay } from 'x11';
import { afterEach, describe, expect, it } from 'vitest';
import { x11FullscreenSource } from '../../../src/main/adapters/x11/x11-fullscreen-source';

// The x11 package's own X server (pure JavaScript), with a stand-in window manager that sets the EWMH
// properties a real one would: the adapter speaks the X11 protocol to it over a stream pair.
const { createServer, createStreamPair } = createRequire(__filename)('x11/lib/xserver') as {
  createServer(options: { width: number; height: number }): { addClientStream(stream: unknown): void };
  createStreamPair(): [unknown, unknown];
};

interface WmClient {
  AllocID(): number;
  CreateWindow(id: number, parent: number, x: number, y: number, w: number, h: number, border: number, depth: number, klass: number, visual: number, values: object): void;
  ChangeProperty(mode: number, window: number, property: number, type: number, format: number, data: number[] | string): void;
  InternAtom(onlyIfExists: boolean, name: string, cb: (err: Error | null, atom: number) => void): void;
  sync(): Promise<void>;
  terminate(): void;
}

const ATOM = 4;
const STRING = 31;
const WINDOW = 33;
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

function connect(server: { addClientStream(stream: unknown): void }): Promise<XDisplay> {
  const [clientSide, serverSide] = createStreamPair();
  server.addClientStream(serverSide);
  return new Promise((resolve, reject) => createClient({ display: ':9', stream: clientSide }, (err, d) => (err ? reject(err) : resolve(d))));
}

async function windowManager() {
  const server = createServer({ width: 640, height: 480 });
  const d = await connect(server);
  const wm = d.client as unknown as WmClient;
  closers.push(() => wm.terminate());
  const root = d.screen[0]!.root;
  const atom = (name: string) => new Promise<number>((resolve, reject) => wm.InternAtom(false, name, (e, a) => (e ? reject(e) : resolve(a))));
  const [active, state, fullscreen, wmClass] = await Promise.all(['_NET_ACTIVE_WINDOW', '_NET_WM_STATE', '_NET_WM_STATE_FULLSCREEN', 'WM_CLASS'].map(atom));
  const window = wm.AllocID();
  wm.CreateWindow(window, root, 0, 0, 640, 480, 0, 0, 0, 0, {});
  wm.ChangeProperty(0, window, wmClass!, STRING, 8, 'game.x86_64\0Game\0');
  return {
    server,
    async focus(isFullscreen: boolean) {
      wm.ChangeProperty(0, root, active!, WINDOW, 32, [window]);
      wm.ChangeProperty(0, window, state!, ATOM, 32, isFullscreen ? [fullscreen!] : []);
      await wm.sync();
    },
  };
}

describe('X11 fullscreen window', () => {
  it("sees the active window go fullscreen, named by its WM_CLASS", async () => {
    const wm = await windowManager();
    const [clientSide, serverSide] = createStreamPair();
    wm.server.addClientStream(serverSide);
    const source = x11FullscreenSource({ display: ':9', stream: clientSide });
    closers.push(() => source.close?.());
    expect(await source.read()).toEqual({ available: true, value: { active: false, program: null } });
    await wm.focus(true);
    expect(await source.read()).toEqual({ available: true, value: { active: true, program: 'Game' } });
    await wm.focus(false);
    expect(await source.read()).toEqual({ available: true, value: { active: false, program: null } });
  });

  it('is unavailable, with why, without a display', async () => {
    expect(await x11FullscreenSource({ display: '' }).read()).toEqual({ available: false, why: 'no X11 display ($DISPLAY is not set)' });
    const reading = await x11FullscreenSource({ display: '127.0.0.1:59', timeoutMs: 1000 }).read();
    expect(reading.available ? '' : reading.why).toMatch(/^the X11 display 127\.0\.0\.1:59 did not answer: /);
  });
});
