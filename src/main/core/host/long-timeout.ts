/** The longest delay `setTimeout` takes (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** A pending long timeout; `clear` cancels it wherever it is in its chain. */
export interface LongTimeout {
  clear(): void;
}

/**
 * Calls `fn` once after `delayMs`, however long: the wait is a chain of timeouts each at most `maxChunkMs`
 * (setTimeout's limit by default; tests pass a small one), so a deadline weeks away never overflows into an
 * immediate call. A negative or NaN delay fires on the next turn, as setTimeout's would.
 */
export function setLongTimeout(fn: () => void, delayMs: number, maxChunkMs = MAX_TIMER_DELAY_MS): LongTimeout {
  let remaining = Number.isNaN(delayMs) ? 0 : Math.max(0, delayMs);
  let timer: ReturnType<typeof setTimeout>;
  const arm = (): void => {
    const chunk = Math.min(remaining, maxChunkMs);
    timer = setTimeout(() => {
      remaining -= chunk;
      if (remaining > 0) arm();
      else fn();
    }, chunk);
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
