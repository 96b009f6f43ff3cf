import { Message, type MessageBus, type Variant } from 'dbus-next';

/**
 * One D-Bus connection, opened at first use and opened again after it fails (the bus restarted, the session
 * ended). Calls go out as plain messages, without introspection, so each costs one round trip.
 */
export class DbusClient {
  private bus: { bus: MessageBus; failed: Promise<never> } | null = null;

  constructor(
    private readonly connect: () => MessageBus,
    private readonly timeoutMs = 2000,
  ) {}

  /** Calls a method; resolves with the reply's body. A bus that fails or does not answer rejects. */
  async call(destination: string, path: string, iface: string, member: string, signature = '', body: unknown[] = []): Promise<unknown[]> {
    const { bus, failed } = this.open();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const reply = await Promise.race([bus.call(new Message({ destination, path, interface: iface, member, signature, body })), failed, timedOut]);
      return reply?.body ?? [];
    } catch (err) {
      // A D-Bus error reply is the service's answer; anything else means the connection is gone.
      if (!(err instanceof Error && 'type' in err)) this.reset();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One property, through org.freedesktop.DBus.Properties.Get. */
  async property(destination: string, path: string, iface: string, name: string): Promise<unknown> {
    const [variant] = await this.call(destination, path, 'org.freedesktop.DBus.Properties', 'Get', 'ss', [iface, name]);
    return (variant as Variant | undefined)?.value;
  }

  close(): void {
    this.reset();
  }

  private open(): { bus: MessageBus; failed: Promise<never> } {
    if (this.bus) return this.bus;
    const bus = this.connect();
    // An unreachable bus reports through an event, and its calls never settle: the event fails them instead.
    const failed = new Promise<never>((_, reject) => {
      bus.on('error', (err: unknown) => {
        if (this.bus?.bus === bus) this.bus = null;
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
    failed.catch(() => undefined);
    this.bus = { bus, failed };
    return this.bus;
  }

  private reset(): void {
    const bus = this.bus?.bus;
    this.bus = null;
    try {
      bus?.disconnect();
    } catch {
      // already closed
    }
  }
}

/** Why a D-Bus call failed, in words for `share status`. */
export function dbusProblem(err: unknown): string {
  const e = err as { type?: string; text?: string; code?: string; message?: string };
  if (e.type) return `${e.type}${e.text ? `: ${e.text}` : ''}`;
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') return 'no D-Bus bus to connect to';
  return e.message ?? String(err);
}
