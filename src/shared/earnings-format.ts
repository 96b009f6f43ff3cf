import type { EarningsFigures } from './contract/earnings';
import { formatNos } from './format';

/** Integer minor units (cents) of a currency as "EUR 1.25"; no float on the way. */
export function formatMinor(minor: number, currency: string): string {
  const negative = minor < 0;
  const abs = Math.abs(Math.trunc(minor));
  return `${negative ? '-' : ''}${currency} ${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Watt-hours as "820 Wh" or "12.4 kWh". */
export function formatEnergy(wh: number): string {
  return wh >= 1000 ? `${(wh / 1000).toFixed(1)} kWh` : `${Math.round(wh)} Wh`;
}

/** A figure's electricity and net, in words, labelled as the estimates they are. */
export function describeNet(f: EarningsFigures, currency: string): string {
  const electricity = `electricity ~${formatMinor(f.electricityCost, currency)} (${formatEnergy(f.energyWh)}, estimate)`;
  return f.net === null ? electricity : `${electricity}; net ~${formatNos(f.net)}`;
}
