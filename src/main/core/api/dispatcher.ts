import { z } from 'zod';
import { ApiError } from '../../../shared/api-error';
import { requests, type Requests } from '../../../shared/contract';
import type { RequestDef } from '../../../shared/contract/define';
import type { ResponseBody } from '../../../shared/wire';
import type { Logger } from '../ports';

/** One handler per request of a set of request definitions; the type makes a missing one a compile error. */
export type HandlersOf<R extends Record<string, RequestDef>> = {
  [M in keyof R]: (params: z.output<R[M]['params']>) => Promise<z.output<R[M]['result']>> | z.output<R[M]['result']>;
};

/** One handler per request of the contract. */
export type ApiHandlers = HandlersOf<Requests>;

/**
 * The single entry for every transport (IPC, WebSocket, the control channel): checks the method and its
 * parameters against the definitions, runs the handler, and turns every failure into an error response that
 * names the problem. Nothing a client sends can make it throw.
 */
export class RequestDispatcher<R extends Record<string, RequestDef>> {
  constructor(
    private readonly defs: R,
    private readonly handlers: HandlersOf<R>,
    private readonly logger: Logger,
  ) {}

  /** Whether this dispatcher answers `method`. */
  knows(method: unknown): method is keyof R & string {
    return typeof method === 'string' && Object.prototype.hasOwnProperty.call(this.defs, method);
  }

  async dispatch(method: unknown, params: unknown): Promise<ResponseBody> {
    if (!this.knows(method)) {
      const shown = typeof method === 'string' ? `"${method.slice(0, 80)}"` : `a ${typeof method}`;
      return failure('unknown_method', `Unknown method ${shown}. Known methods: ${Object.keys(this.defs).join(', ')}.`);
    }
    const def = this.defs[method]!;
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

/** The dispatcher of the API contract, behind every transport the pages and the CLI use. */
export class ApiDispatcher extends RequestDispatcher<Requests> {
  constructor(handlers: ApiHandlers, logger: Logger) {
    super(requests, handlers, logger);
  }
}

function failure(code: string, message: string): ResponseBody {
  return { ok: false, error: { code, message } };
}
