import { CATALOGUE } from '../../src/main/core/gpu/catalogue';

/** A market the local grid offers. */
export interface MarketConfig {
  slug: string;
  name: string;
  /** Integer micro-NOS per second. */
  pricePerSecond: number;
  jobTimeoutSeconds: number;
}

/** The market for machines without a supported GPU: local grid only, so a newcomer can see the whole loop. */
export const CPU_DEV_MARKET = 'cpu-dev';

const DEFAULT_JOB_TIMEOUT_SECONDS = 3600;

/**
 * One market per GPU class of the catalogue (docs/gpus.md), plus `cpu-dev`. Test-grid prices,
 * not a real price list: one micro-NOS per second for each dense FP16 TFLOPS of the slowest card in the
 * market, so faster classes pay more in proportion.
 */
export function defaultMarkets(options: { cpuDev: boolean; jobTimeoutSeconds?: number }): MarketConfig[] {
  const timeout = options.jobTimeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS;
  const slowest = new Map<string, number>();
  for (const entry of CATALOGUE) {
    const known = slowest.get(entry.market);
    if (known === undefined || entry.fp16TensorTflops < known) slowest.set(entry.market, entry.fp16TensorTflops);
  }
  const markets: MarketConfig[] = [...slowest].map(([slug, tflops]) => ({
    slug,
    name: marketName(slug),
    pricePerSecond: Math.max(1, Math.round(tflops)),
    jobTimeoutSeconds: timeout,
  }));
  if (options.cpuDev) {
    markets.push({ slug: CPU_DEV_MARKET, name: 'CPU development (local grid only)', pricePerSecond: 5, jobTimeoutSeconds: Math.min(timeout, 600) });
  }
  return markets.sort((a, b) => a.slug.localeCompare(b.slug));
}

function marketName(slug: string): string {
  if (slug === 'nvidia-laptop') return 'NVIDIA laptop GPUs';
  return `NVIDIA ${slug.replace(/^nvidia-/, '').toUpperCase()} class`;
}
