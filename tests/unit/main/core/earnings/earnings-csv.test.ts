import { describe, expect, it } from 'vitest';
import { EARNINGS_CSV_HEADER, csvField, earningsCsv } from '../../../../../src/main/core/earnings/earnings-csv';
import type { LedgerEntry } from '../../../../../src/main/core/earnings/ledger-entry';

const row: LedgerEntry = {
  runId: 'run-1',
  jobId: 'job-1',
  market: 'cpu-dev',
  outcome: 'quit',
  startedAt: '2026-11-10T10:00:00.000Z',
  endedAt: '2026-11-10T10:01:05.000Z',
  secondsRun: 65,
  secondsPaid: 65,
  pricePerSecond: 85,
  amount: 9_007_199_254_740_991,
  status: 'settled',
  settledAt: '2026-11-10T11:00:00.000Z',
  exitCode: null,
  note: 'You paused sharing, "now", then\nleft',
  energyWh: 12.345,
};

describe('earnings CSV', () => {
  it('writes the header, then each row with amounts as integer decimal strings', () => {
    const { csv, rows } = earningsCsv([row, { ...row, runId: 'run-2', note: null, energyWh: null, settledAt: null, status: 'pending' }]);
    const lines = csv.split('\r\n');
    expect(rows).toBe(2);
    expect(lines[0]).toBe(EARNINGS_CSV_HEADER.join(','));
    expect(lines[0]).toBe('run_id,job_id,market,outcome,started_at,ended_at,seconds_run,seconds_paid,price_per_second_micro_nos,gross_micro_nos,status,settled_at,energy_wh_estimate,note');
    expect(csv).toContain(',85,9007199254740991,settled,');
    expect(csv).not.toMatch(/e\+|0\.0000/);
    expect(lines[2]).toBe('run-2,job-1,cpu-dev,quit,2026-11-10T10:00:00.000Z,2026-11-10T10:01:05.000Z,65,65,85,9007199254740991,pending,,,');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvField('You paused sharing, "now", then\nleft')).toBe('"You paused sharing, ""now"", then\nleft"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField(12.3)).toBe('12.3');
    expect(csvField(null)).toBe('');
    expect(earningsCsv([row]).csv).toContain(',12.3,"You paused sharing, ""now"", then\nleft"\r\n');
  });
});
