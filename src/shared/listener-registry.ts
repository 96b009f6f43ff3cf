export type Listener = (data: unknown) => void;

/**
 * Event listeners by event name, for a transport's client side (the preload over IPC, the renderer over a
 * WebSocket). A listener that throws is reported and does not keep the others from hearing the event.
 */
export class ListenerRegistry {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly onListenerError: (event: string, error: unknown) => void = (event, error) =>
      console.error(`A listener of ${event} failed`, error),
  ) {}

  /** Adds a listener; returns its unsubscribe. */
  add(event: string, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(event, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(event) === set) this.listeners.delete(event);
    };
  }

  /** Calls every listener of the event, in the order they were added. */
  emit(event: string, data: unknown): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(data);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
  }

  /** How many listeners the event has. */
  count(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
