import type { LedgerEntry } from './ledger-entry';

/** The CSV's columns, in order. Amounts are integer micro-NOS as decimal strings (no float, no rounding). */
export const EARNINGS_CSV_HEADER = [
  'run_id',
  'job_id',
  'market',
  'outcome',
  'started_at',
  'ended_at',
  'seconds_run',
  'seconds_paid',
  'price_per_second_micro_nos',
  'gross_micro_nos',
  'status',
  'settled_at',
  'energy_wh_estimate',
  'note',
] as const;

/** One field, quoted when it holds a comma, quote or line break (RFC 4180); a leading =+-@ is defused for spreadsheets. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(entry: LedgerEntry): string {
  return [
    entry.runId,
    entry.jobId,
    entry.market,
    entry.outcome,
    entry.startedAt,
    entry.endedAt,
    entry.secondsRun,
    entry.secondsPaid,
    String(entry.pricePerSecond),
    String(entry.amount),
    entry.status,
    entry.settledAt,
    entry.energyWh == null ? null : Math.round(entry.energyWh * 10) / 10,
    entry.note,
  ]
    .map(csvField)
    .join(',');
}

/** The ledger as CSV, header first, lines ended with CRLF. */
export function earningsCsv(entries: Iterable<LedgerEntry>): { csv: string; rows: number } {
  const lines = [EARNINGS_CSV_HEADER.join(',')];
  for (const entry of entries) lines.push(csvRow(entry));
  return { csv: `${lines.join('\r\n')}\r\n`, rows: lines.length - 1 };
}
