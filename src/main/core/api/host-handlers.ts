import type { AppInfo } from '../../../shared/contract';
import type { HostLoop } from '../host/host-loop';
import type { SettingsService } from '../settings/settings-service';
import type { ApiHandlers } from './dispatcher';

type HostHandlers = Pick<ApiHandlers, 'app.info' | 'host.status' | 'host.preflight' | 'settings.get' | 'settings.update'>;

export function hostHandlers({ appInfo, host, settings }: { appInfo: AppInfo; host: HostLoop; settings: SettingsService }): HostHandlers {
  return {
    'app.info': () => appInfo,
    'host.status': () => host.getStatus(),
    'host.preflight': async () => {
      await host.runPreflight();
      return host.getStatus();
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}
