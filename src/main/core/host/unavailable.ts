import { ApiError } from '../../../shared/api-error';

/**
 * A stand-in for a service this mode of GridHost does not have (a test host without Docker, say): any use of
 * it, however deep (`wallet.status()`, `grid.ledger.list()`), fails with an `unavailable` ApiError carrying
 * `why`, which the API returns to the page and the CLI prints. It is never awaited by accident: it is not a
 * thenable.
 */
export function unavailable<T>(why: string): T {
  return part(why) as T;
}

function part(why: string): unknown {
  const refuse = () => {
    throw new ApiError('unavailable', why);
  };
  return new Proxy(refuse, {
    get: (_target, property) => (property === 'then' || typeof property === 'symbol' ? undefined : part(why)),
    apply: refuse,
  });
}
