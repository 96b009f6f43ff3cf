import type { HostServices } from '../host/host-services';
import { hostSupportSources } from '../logs/host-support-sources';
import { containersHandlers } from './containers-handlers';
import type { ApiHandlers } from './dispatcher';
import { earningsHandlers } from './earnings-handlers';
import { gpuHandlers } from './gpu-handlers';
import { gridHandlers } from './grid-handlers';
import { hostHandlers } from './host-handlers';
import { logsHandlers } from './logs-handlers';
import { sharingHandlers } from './sharing-handlers';
import { walletHandlers } from './wallet-handlers';

/** Every request of the contract; each domain's handlers get the services they use. Add a domain with one line. */
export function createApiHandlers(services: HostServices): ApiHandlers {
  const { appInfo, events, settings, host, grid, hardware, wallet, logs, containers, sharing, gpuLive, relay } = services;
  return {
    ...hostHandlers({ appInfo, host, settings }),
    ...gpuHandlers({ hardware }),
    ...gridHandlers({ host, grid }),
    ...earningsHandlers({ reports: grid.reports }),
    ...walletHandlers({ wallet }),
    ...logsHandlers({ logs, events, sources: () => hostSupportSources(services) }),
    ...containersHandlers({ containers, relay }),
    ...sharingHandlers({ sharing, gpuLive }),
  };
}
