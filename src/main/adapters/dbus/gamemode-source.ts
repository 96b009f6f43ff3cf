import { signalUnavailable, signalValue, type Fullscreen, type Signal, type SignalSource } from '../../core/sharing/ports';
import { dbusProblem, type DbusClient } from './dbus-client';

const GAMEMODE = 'com.feralinteractive.GameMode';
const GAMEMODE_PATH = '/com/feralinteractive/GameMode';
const DBUS = 'org.freedesktop.DBus';
const DBUS_PATH = '/org/freedesktop/DBus';

/**
 * A game running, from Feral GameMode over the session D-Bus: its `ClientCount` is the number of games that
 * asked for game mode. GameMode is started on demand, so an installed GameMode that is not running means no
 * game asked; it is not started just to be asked.
 */
export function gameModeSource(client: DbusClient): SignalSource<Fullscreen> {
  return {
    id: 'fullscreen:gamemode',
    async read(): Promise<Signal<Fullscreen>> {
      try {
        const [running] = await client.call(DBUS, DBUS_PATH, DBUS, 'NameHasOwner', 's', [GAMEMODE]);
        if (running !== true) {
          const [activatable] = await client.call(DBUS, DBUS_PATH, DBUS, 'ListActivatableNames');
          if (!(activatable as string[] | undefined)?.includes(GAMEMODE)) return signalUnavailable('Feral GameMode is not installed');
          return signalValue({ active: false, program: null });
        }
        const count = Number(await client.property(GAMEMODE, GAMEMODE_PATH, GAMEMODE, 'ClientCount'));
        return signalValue({ active: count > 0, program: null, game: count > 0 });
      } catch (err) {
        return signalUnavailable(`the session D-Bus did not answer (${dbusProblem(err)})`);
      }
    },
    close: () => client.close(),
  };
}
