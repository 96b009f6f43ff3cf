import type { ApiTransport } from '../../../shared/api-surface';
import type { EventBus } from '../host/event-bus';
import type { ApiDispatcher } from './dispatcher';

/**
 * The contract carried inside one process: the CLI builds its typed API (`buildApi`) over this, so a command
 * makes the same validated calls as the pages do over IPC or the WebSocket.
 */
export function inProcessTransport(dispatcher: ApiDispatcher, events: EventBus): ApiTransport {
  return {
    request: (method, params) => dispatcher.dispatch(method, params),
    subscribe: (event, listener) => events.on(event, listener),
  };
}
