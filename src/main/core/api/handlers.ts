import type { HostCore } from '../host';
import { containersHandlers } from './containers-handlers';
import type { ApiHandlers } from './dispatcher';
import { gpuHandlers } from './gpu-handlers';
import { gridHandlers } from './grid-handlers';
import { hostHandlers } from './host-handlers';
import { logsHandlers } from './logs-handlers';
import { walletHandlers } from './wallet-handlers';

/** Every request of the contract, answered by HostCore's services. Add a domain with one spread line. */
export function createApiHandlers(core: HostCore): ApiHandlers {
  return {
    ...hostHandlers(core),
    ...gpuHandlers(core),
    ...gridHandlers(core),
    ...walletHandlers(core),
    ...logsHandlers(core),
    ...containersHandlers(core),
  };
}
