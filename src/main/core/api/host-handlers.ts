import type { HostCore } from '../host';
import type { ApiHandlers } from './dispatcher';

type HostHandlers = Pick<ApiHandlers, 'app.info' | 'host.status' | 'host.preflight' | 'settings.get' | 'settings.update'>;

export function hostHandlers(core: HostCore): HostHandlers {
  return {
    'app.info': () => core.appInfo,
    'host.status': () => core.getStatus(),
    'host.preflight': async () => {
      await core.runPreflight();
      return core.getStatus();
    },
    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => core.settings.update(patch),
  };
}
