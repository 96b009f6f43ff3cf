import { z } from 'zod';

/** Error codes a client can act on. Domain code throws ApiError with its own codes too. */
export type ApiErrorCode =
  | 'bad_message'
  | 'unknown_method'
  | 'invalid_params'
  | 'forbidden'
  | 'unavailable'
  | 'internal'
  | (string & {});

export const ApiErrorBodySchema = z.object({ code: z.string(), message: z.string() });
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

/** An error that crosses the API: a code and a message written for the person who reads it. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}
