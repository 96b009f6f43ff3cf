/** A refusal the local grid sends as `{error: {code, message}}` with this HTTP status. */
export class GridHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GridHttpError';
  }
}
