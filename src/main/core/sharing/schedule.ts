import type { ScheduleSlot } from '../../../shared/sharing-settings';

/** A moment as the owner's wall clock shows it: the weekday (0 = Sunday) and minutes since local midnight. */
export interface WallTime {
  day: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall time of `instantMs` in `timeZone` (an IANA name), through Intl, so that daylight-saving changes are
 * the zone's own: a slot that ends at 07:00 ends at 07:00 local on the night the clocks move.
 */
export function wallTime(instantMs: number, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: WEEKDAYS[part('weekday')] ?? 0, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a slot covers this wall time. A slot whose end is not after its start runs into the next day. */
export function slotCovers(slot: ScheduleSlot, at: WallTime): boolean {
  const start = minutesOf(slot.start);
  const end = minutesOf(slot.end);
  if (end > start) return slot.days.includes(at.day) && at.minutes >= start && at.minutes < end;
  const yesterday = (at.day + 6) % 7;
  return (slot.days.includes(at.day) && at.minutes >= start) || (slot.days.includes(yesterday) && at.minutes < end);
}

/** Whether the weekly schedule allows sharing at `instantMs` (any slot covers it). */
export function scheduleAllows(slots: readonly ScheduleSlot[], instantMs: number, timeZone: string): boolean {
  const at = wallTime(instantMs, timeZone);
  return slots.some((slot) => slotCovers(slot, at));
}
