import type { EventData, EventName } from '../../../shared/contract';
import type { EventSink, Logger } from '../ports';

export type HostEventListener = <E extends EventName>(event: E, data: EventData<E>) => void;

/**
 * The one way events leave the host. Composition makes it first and hands it to every service that has
 * something to say (the host loop, settings, the ledger, the supervisor, detection, the benchmark, the support
 * bundle); the IPC forwarder, the WebSocket bridge and the CLI subscribe. A listener that throws is logged and
 * does not stop the others.
 */
export class EventBus implements EventSink {
  private readonly listeners = new Set<HostEventListener>();

  constructor(private readonly logger: Logger) {}

  publish<E extends EventName>(event: E, data: EventData<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, data);
      } catch (err) {
        this.logger.error('event listener failed', { event, error: (err as Error).message });
      }
    }
  }

  /** Receives every event; returns an unsubscribe. */
  subscribe(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Receives one event's data; returns an unsubscribe. */
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void {
    return this.subscribe((name: EventName, data: unknown) => {
      if (name === event) listener(data as EventData<E>);
    });
  }
}
