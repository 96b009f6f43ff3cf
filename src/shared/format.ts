/** Formats a duration for people: "45s", "2m 14s", "3h 05m", "2d 4h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** NOS has 6 decimals; amounts travel as integer micro-NOS. */
export const MICRO_PER_NOS = 1_000_000n;

/**
 * Formats integer micro-NOS as NOS with at least `minDecimals` decimals (4 by default, as the owner needs for
 * per-job amounts), without ever going through a float.
 */
export function formatNos(micro: bigint | number | string, minDecimals = 4): string {
  const value = BigInt(micro);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / MICRO_PER_NOS;
  let frac = (abs % MICRO_PER_NOS).toString().padStart(6, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${wholeText}${frac.length ? `.${frac}` : ''} NOS`;
}
