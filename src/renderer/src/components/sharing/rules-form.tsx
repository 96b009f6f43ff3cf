import { useState, type FormEvent } from 'react';
import type { SharingRules } from '../../../../shared/sharing-settings';
import { Button } from '../button';
import { Card } from '../card';
import { ScheduleEditor } from './schedule-editor';

type Editable = Pick<SharingRules, 'idleMinutes' | 'shareOnBattery' | 'maxGpuTemperatureC' | 'blockedPrograms' | 'schedule' | 'notifications'>;

export interface RulesFormProps {
  rules: SharingRules;
  saving: boolean;
  error: string | null;
  onSave(patch: Partial<SharingRules>): Promise<boolean>;
}

const whole = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** What the owner must fix before the rules are sent, in their words; null when they can be saved. */
function check(draft: Editable): string | null {
  if (!whole(draft.idleMinutes, 0, 1440)) return 'Write the idle time as whole minutes, from 0 to 1440 (a day). Nothing was saved.';
  if (!whole(draft.maxGpuTemperatureC, 40, 105)) return 'Write the temperature cap as whole degrees, from 40 to 105 °C. Nothing was saved.';
  if (draft.schedule.slots.some((slot) => slot.days.length === 0)) return 'Pick at least one day for each time range (or remove it). Nothing was saved.';
  return null;
}

/** Auto's rules, each with its setting; saved together, applied at the host's next reading. */
export function RulesForm({ rules, saving, error, onSave }: RulesFormProps) {
  const [draft, setDraft] = useState<Editable>(rules);
  const [blocked, setBlocked] = useState(rules.blockedPrograms.join('\n'));
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refused = check(draft);
    setProblem(refused);
    if (refused) return;
    const blockedPrograms = blocked.split(/[\n,]/).map((p) => p.trim()).filter(Boolean);
    await onSave({ ...draft, blockedPrograms });
  };
  const shown = problem ?? error;
  const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));
  return (
    <Card title="Rules (Auto)" labelledBy="sharing-rules-title">
      <form onSubmit={(e) => void submit(e)} noValidate className="sharing-rules">
        <label>
          Start sharing after
          <input type="number" min={0} max={1440} value={Number.isNaN(draft.idleMinutes) ? '' : draft.idleMinutes} onChange={(e) => setDraft({ ...draft, idleMinutes: number(e.target.value) })} data-testid="idle-minutes" />
          minutes without keyboard or mouse
        </label>
        <label className="sharing-check">
          <input type="checkbox" checked={draft.shareOnBattery} onChange={(e) => setDraft({ ...draft, shareOnBattery: e.target.checked })} data-testid="share-on-battery" />
          Share while on battery (GridHost never changes your power plan)
        </label>
        <label>
          Pause at a GPU temperature of
          <input type="number" min={40} max={105} value={Number.isNaN(draft.maxGpuTemperatureC) ? '' : draft.maxGpuTemperatureC} onChange={(e) => setDraft({ ...draft, maxGpuTemperatureC: number(e.target.value) })} />
          °C (shares again 5 °C below)
        </label>
        <label className="sharing-block">
          Never share while one of these programs runs (one per line, e.g. steam or Cyberpunk2077.exe)
          <textarea rows={3} value={blocked} onChange={(e) => setBlocked(e.target.value)} spellCheck={false} data-testid="blocked-programs" />
        </label>
        <ScheduleEditor value={draft.schedule} onChange={(schedule) => setDraft({ ...draft, schedule })} />
        <label className="sharing-check">
          <input type="checkbox" checked={draft.notifications} onChange={(e) => setDraft({ ...draft, notifications: e.target.checked })} />
          Tell me when sharing starts or stops (desktop notification)
        </label>
        {shown ? (
          <p className="sharing-error" role="alert" data-testid="rules-error">
            {shown}
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" variant="primary" disabled={saving} data-testid="save-rules">
            {saving ? 'Saving…' : 'Save rules'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
