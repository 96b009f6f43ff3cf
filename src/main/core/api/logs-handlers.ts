import { ApiError } from '../../../shared/api-error';
import type { HostCore } from '../host';
import { hostSupportSources } from '../logs/host-support-sources';
import type { LogsService } from '../logs/logs-service';
import type { ApiHandlers } from './dispatcher';

type LogsHandlers = Pick<ApiHandlers, 'logs.recent' | 'logs.report' | 'logs.bundle.preview' | 'logs.bundle.export' | 'logs.bundle.inspect'>;

/** The logs domain's requests: the Support page's log tail, renderer errors, and support bundles. */
export function logsHandlers(core: HostCore): LogsHandlers {
  const logs = (): LogsService => {
    if (!core.deps.logs) throw new ApiError('unavailable', 'This build of GridHost keeps no log files.');
    return core.deps.logs;
  };
  return {
    'logs.recent': (query) => logs().recent(query),
    'logs.report': (report) => ({ logged: logs().report(report) }),
    'logs.bundle.preview': () => logs().preview(hostSupportSources(core)),
    'logs.bundle.export': () => logs().export(hostSupportSources(core), { events: core }),
    'logs.bundle.inspect': ({ path }) => logs().inspect(path),
  };
}
