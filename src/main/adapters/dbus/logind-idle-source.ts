import { signalUnavailable, signalValue, type InputIdle, type Signal, type SignalSource } from '../../core/sharing/ports';
import { dbusProblem, type DbusClient } from './dbus-client';

const LOGIN1 = 'org.freedesktop.login1';
const MANAGER_PATH = '/org/freedesktop/login1';
const MANAGER = 'org.freedesktop.login1.Manager';
const SESSION = 'org.freedesktop.login1.Session';
const SEAT0_PATH = '/org/freedesktop/login1/seat/seat0';

export interface LogindIdleOptions {
  /** Our process, whose session is the owner's when GridHost runs on the desktop. */
  pid?: number;
  /** Wall-clock microseconds (logind's IdleSinceHint is CLOCK_REALTIME). */
  nowUs?: () => number;
}

/**
 * Input idle time and screen lock from systemd-logind over the system D-Bus: the `IdleHint`, `IdleSinceHint`
 * and `LockedHint` of our own session, else of seat0's active session (a headless service watching the
 * desktop), else logind's idle hint over all sessions. The desktop sets IdleHint after its own idle delay, so
 * the idle time counts from then: it errs on the owner's side.
 */
export function logindIdleSource(client: DbusClient, options: LogindIdleOptions = {}): SignalSource<InputIdle> {
  const pid = options.pid ?? process.pid;
  const nowUs = options.nowUs ?? (() => Date.now() * 1000);

  async function sessionPath(): Promise<string | null> {
    try {
      const [path] = await client.call(LOGIN1, MANAGER_PATH, MANAGER, 'GetSessionByPID', 'u', [pid]);
      return path as string;
    } catch {
      // Not in a session (a system service): watch the seat's active session instead.
    }
    try {
      const active = (await client.property(LOGIN1, SEAT0_PATH, 'org.freedesktop.login1.Seat', 'ActiveSession')) as [string, string] | undefined;
      return active && active[1] !== '/' ? active[1] : null;
    } catch {
      return null;
    }
  }

  const idleSeconds = (hint: unknown, sinceUs: unknown) => (hint === true ? Math.max(0, (nowUs() - Number(sinceUs)) / 1e6) : 0);

  return {
    id: 'idle:logind',
    async read(): Promise<Signal<InputIdle>> {
      try {
        const path = await sessionPath();
        if (path === null) {
          const [hint, since] = await Promise.all([client.property(LOGIN1, MANAGER_PATH, MANAGER, 'IdleHint'), client.property(LOGIN1, MANAGER_PATH, MANAGER, 'IdleSinceHint')]);
          return signalValue({ idleSeconds: idleSeconds(hint, since), locked: false });
        }
        const [hint, since, locked] = await Promise.all([
          client.property(LOGIN1, path, SESSION, 'IdleHint'),
          client.property(LOGIN1, path, SESSION, 'IdleSinceHint'),
          client.property(LOGIN1, path, SESSION, 'LockedHint'),
        ]);
        return signalValue({ idleSeconds: idleSeconds(hint, since), locked: locked === true });
      } catch (err) {
        return signalUnavailable(`logind did not answer over D-Bus (${dbusProblem(err)})`);
      }
    },
    close: () => client.close(),
  };
}
