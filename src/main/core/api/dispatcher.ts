import { z } from 'zod';
import { ApiError } from '../../../shared/api-error';
import { REQUEST_NAMES, isRequestName, requests, type ParamsOut, type RequestName, type Result } from '../../../shared/contract';
import type { ResponseBody } from '../../../shared/wire';
import type { Logger } from '../ports';

/** One handler per request of the contract; the type makes a missing one a compile error. */
export type ApiHandlers = {
  [M in RequestName]: (params: ParamsOut<M>) => Promise<Result<M>> | Result<M>;
};

/**
 * The single entry for every transport (IPC, WebSocket): checks the method and its parameters against the
 * contract, runs the handler, and turns every failure into an error response that names the problem.
 * Nothing a client sends can make it throw.
 */
export class ApiDispatcher {
  constructor(
    private readonly handlers: ApiHandlers,
    private readonly logger: Logger,
  ) {}

  async dispatch(method: unknown, params: unknown): Promise<ResponseBody> {
    if (!isRequestName(method)) {
      const shown = typeof method === 'string' ? `"${method.slice(0, 80)}"` : `a ${typeof method}`;
      return failure('unknown_method', `Unknown method ${shown}. Known methods: ${REQUEST_NAMES.join(', ')}.`);
    }
    const def = requests[method];
    const parsed = def.params.safeParse(params === undefined ? {} : params);
    if (!parsed.success) {
      return failure('invalid_params', `Invalid parameters for ${method}: ${z.prettifyError(parsed.error)}`);
    }
    try {
      const handler = this.handlers[method] as (p: unknown) => Promise<unknown> | unknown;
      const result = await handler(parsed.data);
      const checked = def.result.safeParse(result);
      if (!checked.success) {
        this.logger.error('handler returned a result outside the contract', { method, issues: z.prettifyError(checked.error) });
        return failure('internal', `The host produced an invalid answer to ${method}. This is a bug; the details are in the log.`);
      }
      return { ok: true, result: checked.data };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toBody() };
      this.logger.error('request failed', { method, error: (err as Error).message, stack: (err as Error).stack });
      return failure('internal', `${method} failed: ${(err as Error).message}. The details are in the log.`);
    }
  }
}

function failure(code: string, message: string): ResponseBody {
  return { ok: false, error: { code, message } };
}
