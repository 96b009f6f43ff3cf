import type { LogsService } from '../logs/logs-service';
import type { SupportSources } from '../logs/support-sources';
import type { EventSink } from '../ports';
import type { ApiHandlers } from './dispatcher';

type LogsHandlers = Pick<ApiHandlers, 'logs.recent' | 'logs.report' | 'logs.bundle.preview' | 'logs.bundle.export' | 'logs.bundle.pick' | 'logs.bundle.inspect'>;

/** The logs domain's requests: the Support page's log tail, renderer errors, and support bundles. */
export function logsHandlers({ logs, events, sources }: { logs: LogsService; events: EventSink; sources: () => SupportSources }): LogsHandlers {
  return {
    'logs.recent': (query) => logs.recent(query),
    'logs.report': (report) => ({ logged: logs.report(report) }),
    'logs.bundle.preview': () => logs.preview(sources()),
    'logs.bundle.export': () => logs.export(sources(), { events }),
    'logs.bundle.pick': () => logs.pickBundle(),
    'logs.bundle.inspect': (target) => logs.inspect(target),
  };
}
