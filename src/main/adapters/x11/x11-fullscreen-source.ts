import { createClient, type XClient, type XDisplay, type XProperty } from 'x11';
import { signalUnavailable, signalValue, type Fullscreen, type Signal, type SignalSource } from '../../core/sharing/ports';

const ANY_PROPERTY_TYPE = 0;

export interface X11FullscreenOptions {
  /** `$DISPLAY` by default. */
  display?: string;
  /** A ready stream to the X server instead of a connection to `display` (tests use the x11 package's own server). */
  stream?: unknown;
  /** How long connecting may take. */
  timeoutMs?: number;
}

function property(client: XClient, window: number, atom: number): Promise<XProperty> {
  return new Promise((resolve, reject) => client.GetProperty(0, window, atom, ANY_PROPERTY_TYPE, 0, 1024, (err, prop) => (err ? reject(err) : resolve(prop))));
}

function atom(client: XClient, name: string): Promise<number> {
  return new Promise((resolve, reject) => client.InternAtom(false, name, (err, value) => (err ? reject(err) : resolve(value))));
}

/** 32-bit items of a property (window ids, atoms). */
function words(prop: XProperty): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= prop.data.length; i += 4) out.push(prop.data.readUInt32LE(i));
  return out;
}

/**
 * A fullscreen window, from X11: the window manager's `_NET_ACTIVE_WINDOW` on the root window, and whether
 * its `_NET_WM_STATE` holds `_NET_WM_STATE_FULLSCREEN`; the program is named by the window's `WM_CLASS`.
 * Native Wayland windows are not seen (only X11 and Xwayland ones).
 */
export function x11FullscreenSource(options: X11FullscreenOptions = {}): SignalSource<Fullscreen> {
  const display = options.display ?? process.env.DISPLAY;
  let connection: Promise<{ display: XDisplay; atoms: Record<string, number> }> | null = null;

  function connect(): Promise<{ display: XDisplay; atoms: Record<string, number> }> {
    connection ??= new Promise<XDisplay>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from display ${display} within ${(options.timeoutMs ?? 2000) / 1000} s`)), options.timeoutMs ?? 2000);
      const client = createClient({ display, stream: options.stream }, (err, d) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(d);
      });
      // A connection that drops later is opened again at the next read.
      client.on('error', () => (connection = null));
      client.on('end', () => (connection = null));
    }).then(async (d) => {
      const names = ['_NET_ACTIVE_WINDOW', '_NET_WM_STATE', '_NET_WM_STATE_FULLSCREEN', 'WM_CLASS'];
      const values = await Promise.all(names.map((name) => atom(d.client, name)));
      return { display: d, atoms: Object.fromEntries(names.map((name, i) => [name, values[i] as number])) };
    });
    connection.catch(() => (connection = null));
    return connection;
  }

  return {
    id: 'fullscreen:x11',
    async read(): Promise<Signal<Fullscreen>> {
      if (!display && options.stream === undefined) return signalUnavailable('no X11 display ($DISPLAY is not set)');
      try {
        const { display: d, atoms } = await connect();
        const client = d.client;
        const root = d.screen[0]?.root ?? 0;
        const active = words(await property(client, root, atoms._NET_ACTIVE_WINDOW as number))[0] ?? 0;
        if (active === 0) return signalValue({ active: false, program: null });
        const state = words(await property(client, active, atoms._NET_WM_STATE as number));
        if (!state.includes(atoms._NET_WM_STATE_FULLSCREEN as number)) return signalValue({ active: false, program: null });
        // WM_CLASS is "instance\0class\0"; the class names the program ("Steam", "mpv").
        const [instance, klass] = (await property(client, active, atoms.WM_CLASS as number)).data.toString('latin1').split('\0');
        return signalValue({ active: true, program: klass || instance || null });
      } catch (err) {
        return signalUnavailable(`the X11 display ${display ?? ''} did not answer: ${(err as Error).message}`.replace('  ', ' '));
      }
    },
    close() {
      void connection?.then((c) => c.display.client.terminate()).catch(() => undefined);
      connection = null;
    },
  };
}
