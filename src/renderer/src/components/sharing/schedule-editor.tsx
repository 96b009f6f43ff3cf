import type { ScheduleSlot } from '../../../../shared/sharing-settings';
import { Button } from '../button';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export interface ScheduleValue {
  enabled: boolean;
  slots: ScheduleSlot[];
}

/** The weekly slots: days and a local time range each; a range whose end is not after its start runs past midnight. */
export function ScheduleEditor({ value, onChange }: { value: ScheduleValue; onChange(next: ScheduleValue): void }) {
  const setSlot = (index: number, slot: ScheduleSlot) => onChange({ ...value, slots: value.slots.map((s, i) => (i === index ? slot : s)) });
  const toggleDay = (index: number, slot: ScheduleSlot, day: number) =>
    setSlot(index, { ...slot, days: slot.days.includes(day) ? slot.days.filter((d) => d !== day) : [...slot.days, day].sort() });
  return (
    <fieldset className="sharing-fieldset">
      <legend>Schedule</legend>
      <label className="sharing-check">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} data-testid="schedule-enabled" />
        Share only inside these times (your local time)
      </label>
      {value.slots.map((slot, index) => (
        <div key={index} className="sharing-slot" role="group" aria-label={`Time range ${index + 1}`}>
          <span className="sharing-days">
            {DAYS.map((name, day) => (
              <label key={name} className="sharing-day">
                <input type="checkbox" checked={slot.days.includes(day)} onChange={() => toggleDay(index, slot, day)} />
                {name}
              </label>
            ))}
          </span>
          <label>
            from <input type="time" value={slot.start} onChange={(e) => setSlot(index, { ...slot, start: e.target.value })} />
          </label>
          <label>
            to <input type="time" value={slot.end} onChange={(e) => setSlot(index, { ...slot, end: e.target.value })} />
          </label>
          {slot.end <= slot.start ? <span className="muted">(into the next day)</span> : null}
          <Button onClick={() => onChange({ ...value, slots: value.slots.filter((_, i) => i !== index) })}>Remove</Button>
        </div>
      ))}
      <div className="actions">
        <Button onClick={() => onChange({ ...value, slots: [...value.slots, { days: [1, 2, 3, 4, 5], start: '22:00', end: '07:00' }] })}>Add a time range</Button>
      </div>
    </fieldset>
  );
}
