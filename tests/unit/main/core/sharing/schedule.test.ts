import { describe, expect, it } from 'vitest';
import { scheduleAllows, wallTime } from '../../../../../src/main/core/sharing/schedule';

const utc = (iso: string) => Date.parse(iso);

describe('the weekly schedule, in the owner local time', () => {
  it('reads the wall clock of the zone, not of the machine', () => {
    expect(wallTime(utc('2026-11-25T23:30:00Z'), 'Asia/Tokyo')).toEqual({ day: 4, minutes: 8 * 60 + 30 }); // Thursday 08:30
    expect(wallTime(utc('2026-11-25T23:30:00Z'), 'America/New_York')).toEqual({ day: 3, minutes: 18 * 60 + 30 }); // Wednesday 18:30
  });

  it('runs a slot whose end is before its start across midnight, into the next day only', () => {
    const nights = [{ days: [5], start: '22:00', end: '07:00' }]; // Friday night
    const zone = 'Europe/London';
    expect(scheduleAllows(nights, utc('2026-11-27T21:59:00Z'), zone)).toBe(false); // Fri 21:59
    expect(scheduleAllows(nights, utc('2026-11-27T22:00:00Z'), zone)).toBe(true); // Fri 22:00
    expect(scheduleAllows(nights, utc('2026-11-28T03:00:00Z'), zone)).toBe(true); // Sat 03:00
    expect(scheduleAllows(nights, utc('2026-11-28T06:59:00Z'), zone)).toBe(true); // Sat 06:59
    expect(scheduleAllows(nights, utc('2026-11-28T07:00:00Z'), zone)).toBe(false); // Sat 07:00
    expect(scheduleAllows(nights, utc('2026-11-28T23:00:00Z'), zone)).toBe(false); // Sat 23:00: not a Friday night
    expect(scheduleAllows(nights, utc('2026-11-27T03:00:00Z'), zone)).toBe(false); // Fri 03:00 belongs to Thursday's night
  });

  it('wraps Saturday night into Sunday', () => {
    const slots = [{ days: [6], start: '23:00', end: '02:00' }];
    expect(scheduleAllows(slots, utc('2026-11-29T01:30:00Z'), 'UTC')).toBe(true); // Sun 01:30
    expect(scheduleAllows(slots, utc('2026-11-29T02:30:00Z'), 'UTC')).toBe(false);
  });

  it('keeps local times across the spring daylight-saving change (Berlin, 29 March 2026, 02:00 -> 03:00)', () => {
    const nights = [{ days: [6], start: '22:00', end: '07:00' }]; // Saturday night into Sunday the 29th
    const zone = 'Europe/Berlin';
    // Before the change Berlin is UTC+1; after, UTC+2. 07:00 local on Sunday is 05:00 UTC, not 06:00.
    expect(scheduleAllows(nights, utc('2026-03-28T21:00:00Z'), zone)).toBe(true); // Sat 22:00 CET
    expect(scheduleAllows(nights, utc('2026-03-29T04:59:00Z'), zone)).toBe(true); // Sun 06:59 CEST
    expect(scheduleAllows(nights, utc('2026-03-29T05:00:00Z'), zone)).toBe(false); // Sun 07:00 CEST
    expect(scheduleAllows(nights, utc('2026-03-29T05:30:00Z'), zone)).toBe(false); // a fixed UTC+1 offset would say 06:30
  });

  it('keeps local times across the autumn change (New York, 1 November 2026, 02:00 -> 01:00)', () => {
    const mornings = [{ days: [0], start: '01:30', end: '03:00' }];
    const zone = 'America/New_York';
    // 01:30 happens twice that night; both are inside. 03:00 EST is 08:00 UTC.
    expect(scheduleAllows(mornings, utc('2026-11-01T05:30:00Z'), zone)).toBe(true); // 01:30 EDT
    expect(scheduleAllows(mornings, utc('2026-11-01T06:30:00Z'), zone)).toBe(true); // 01:30 EST
    expect(scheduleAllows(mornings, utc('2026-11-01T07:59:00Z'), zone)).toBe(true); // 02:59 EST
    expect(scheduleAllows(mornings, utc('2026-11-01T08:00:00Z'), zone)).toBe(false); // 03:00 EST
  });

  it('treats an end equal to the start as the whole day from then, and no slot as never', () => {
    expect(scheduleAllows([{ days: [1], start: '08:00', end: '08:00' }], utc('2026-11-24T07:59:00Z'), 'UTC')).toBe(true); // Tue 07:59
    expect(scheduleAllows([], utc('2026-11-24T07:59:00Z'), 'UTC')).toBe(false);
  });
});
