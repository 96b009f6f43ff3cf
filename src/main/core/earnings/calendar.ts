/*
 * Local calendar boundaries (the owner's time zone: the process's, `TZ`): midnights, Monday-start weeks and
 * month starts as epoch milliseconds. Built from the calendar fields, so a day across a DST change is 23 or
 * 25 hours long, as the owner lives it.
 */

export type Period = 'day' | 'week' | 'month';

/** A half-open span [startMs, endMs) with the local date it starts on (YYYY-MM-DD). */
export interface Span {
  startMs: number;
  endMs: number;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The local midnight that starts the day of `ms`. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** The start of the period holding `ms`, and `offset` periods after it (negative: before). */
export function periodStart(ms: number, period: Period, offset = 0): number {
  const d = new Date(ms);
  if (period === 'day') return new Date(d.getFullYear(), d.getMonth(), d.getDate() + offset).getTime();
  if (period === 'week') {
    const sinceMonday = (d.getDay() + 6) % 7;
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() - sinceMonday + offset * 7).getTime();
  }
  return new Date(d.getFullYear(), d.getMonth() + offset, 1).getTime();
}

/** The last `count` periods up to and including the one holding `nowMs`, oldest first. */
export function lastPeriods(nowMs: number, period: Period, count: number): Span[] {
  const spans: Span[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const startMs = periodStart(nowMs, period, -i);
    spans.push({ startMs, endMs: periodStart(startMs, period, 1), label: localDate(new Date(startMs)) });
  }
  return spans;
}

/** Today, the last 7 days and the last 30 days (each up to now, starting at a local midnight). */
export function totalSpans(nowMs: number): { today: Span; last7Days: Span; last30Days: Span } {
  const span = (days: number): Span => {
    const startMs = periodStart(nowMs, 'day', -(days - 1));
    return { startMs, endMs: nowMs + 1, label: localDate(new Date(startMs)) };
  };
  return { today: span(1), last7Days: span(7), last30Days: span(30) };
}
