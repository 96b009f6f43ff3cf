import type { EarningsFigures, Projection } from '../../../shared/contract/earnings';
import { formatDuration, formatNos } from '../../../shared/format';
import type { ExplorerMarket } from '../grid/explorer-protocol';
import type { SpanSums } from './ports';

/** The owner's electricity and NOS price (settings: earnings). */
export interface PriceSettings {
  currency: string;
  electricityPricePerKwh: number;
  machineWatts: number;
  nosPrice: number | null;
}

const MICRO = 1_000_000;
const DAY_S = 86_400;

/**
 * A span's figures: gross stays integer micro-NOS; the electricity estimate is in minor units of the owner's
 * currency (cents, rounded once per figure); the two meet only through the owner's NOS price.
 */
export function figuresOf(sums: SpanSums, prices: PriceSettings): EarningsFigures {
  const electricityCost = Math.round((sums.energyWh / 1000) * prices.electricityPricePerKwh * 100);
  const nosPrice = prices.nosPrice;
  // Cents to micro-NOS at the owner's price: cents / 100 / price NOS, times 10^6.
  const costMicroNos = nosPrice ? Math.round((electricityCost * MICRO) / (nosPrice * 100)) : null;
  return {
    jobs: sums.jobs,
    gross: String(sums.gross),
    energyWh: Math.round(sums.energyWh * 10) / 10,
    electricityCost,
    net: costMicroNos === null ? null : String(BigInt(sums.gross) - BigInt(costMicroNos)),
    grossFiat: nosPrice ? Math.round((sums.gross / MICRO) * nosPrice * 100) : null,
  };
}

/**
 * What the machine should earn: the market's last 24 hours of work (jobs x median duration) shared evenly among
 * its onboarded machines, received only while this one is available (its share of the last 7 days), at the
 * market's price per second; never more seconds than it is available.
 */
export function projectionOf(market: ExplorerMarket, availability: number): Projection {
  const share = Math.max(1, market.nodesOnboarded);
  const median = market.medianDurationSeconds ?? 0;
  const demandSeconds = (market.jobsLast24h * median) / share;
  const busySeconds = Math.min(availability * DAY_S, availability * demandSeconds);
  const perDay = Math.round(busySeconds * market.pricePerSecond);
  const percent = Math.round(availability * 1000) / 10;
  return {
    market: market.slug,
    availability,
    perDay: String(perDay),
    perMonth: String(perDay * 30),
    assumption:
      `Assumes the coming days look like the recent past: this machine available ${percent}% of the time (queued or running a job, over the last 7 days), ` +
      `and ${market.name}'s last 24 hours of work (${market.jobsLast24h} jobs, median ${formatDuration(median * 1000)}, ${formatNos(market.pricePerSecond)} per second) ` +
      `shared evenly among its ${share} onboarded machine${share === 1 ? '' : 's'}. A month is 30 days. Gross, before electricity.`,
  };
}
