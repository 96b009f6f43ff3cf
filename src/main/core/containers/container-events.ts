import type { EventSink } from '../ports';
import type { ContainerEvent } from './container-supervisor';

/** Publishes a supervisor event as the matching API contract event (`containers.*`). */
export function publishContainerEvent(sink: EventSink, event: ContainerEvent): void {
  switch (event.type) {
    case 'engine':
      return sink.publish('containers.engine', event.status);
    case 'pull':
      return sink.publish('containers.pull.progress', { reference: event.reference, progress: event.progress });
    case 'log':
      return sink.publish('containers.log', event.batch);
    case 'started': {
      const { type: _, ...data } = event;
      return sink.publish('containers.started', data);
    }
    case 'exit': {
      const { type: _, ...data } = event;
      return sink.publish('containers.exit', data);
    }
    case 'die': {
      const { type: _, ...data } = event;
      return sink.publish('containers.die', data);
    }
    case 'oom': {
      const { type: _, ...data } = event;
      return sink.publish('containers.oom', data);
    }
  }
}
