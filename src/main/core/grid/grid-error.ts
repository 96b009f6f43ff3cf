/**
 * What went wrong talking to the grid, as a value the UI can say plainly:
 * - `unreachable`: no answer (network down, grid down, timeout) after every retry;
 * - `server`: the grid answered 5xx or 429 after every retry;
 * - `refused`: the grid refused the request (4xx) with its own code; retrying would not help;
 * - `bad_response`: the grid answered something that is not the protocol.
 */
export type GridErrorKind = 'unreachable' | 'server' | 'refused' | 'bad_response';

export class GridError extends Error {
  constructor(
    readonly kind: GridErrorKind,
    /** The grid's error code for `refused` and `server`, else the kind. */
    readonly code: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'GridError';
  }

  /** True when waiting and trying again later may succeed. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'server';
  }
}

export function isGridError(err: unknown): err is GridError {
  return err instanceof GridError;
}
