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
 * Formats integer micro-NOS as NOS with all 6 decimals, without ever going through a float: the one format of
 * NOS amounts everywhere (pages and CLI), so that amounts in a column line up ("0.000100", "0.000085").
 */
export function formatNos(micro: bigint | number | string): string {
  return `${formatBaseUnits(micro, 6, 6)} NOS`;
}

/** Formats integer lamports as SOL (9 decimals), keeping at least `minDecimals` decimals. */
export function formatSol(lamports: bigint | number | string, minDecimals = 4): string {
  return `${formatBaseUnits(lamports, 9, minDecimals)} SOL`;
}

/** An integer amount of a token's base units as a decimal number with thousands separators, no float. */
function formatBaseUnits(amount: bigint | number | string, decimals: number, minDecimals: number): string {
  const value = BigInt(amount);
  const unit = 10n ** BigInt(decimals);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / unit;
  let frac = (abs % unit).toString().padStart(decimals, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${wholeText}${frac.length ? `.${frac}` : ''}`;
}
