import { useId, type FormEvent, type ReactNode } from 'react';
import { settingsActions, useSettingsStore, type SettingsSection } from '../../stores/settings-store';
import { Button } from '../button';
import { Card } from '../card';

/** A typed number, or the text itself so the check says "must be a number"; '' is `empty`. */
export function numberOrText(draft: string, empty: null | undefined = undefined): number | string | null | undefined {
  const text = draft.trim();
  if (text === '') return empty;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** A section of the page: its own form and Save, its "Saved" line and a refusal that is no field's. */
export function SettingsForm({ section, title, patch, children }: { section: SettingsSection; title: string; patch: () => unknown; children: ReactNode }) {
  const saving = useSettingsStore((s) => s.saving === section);
  const saved = useSettingsStore((s) => s.saved === section);
  const error = useSettingsStore((s) => (s.sectionError?.section === section ? s.sectionError.message : null));
  const titleId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void settingsActions.save(section, patch());
  };
  return (
    <Card title={title} labelledBy={titleId}>
      <form onSubmit={submit} noValidate data-testid={`settings-${section}`}>
        {children}
        {error ? (
          <p className="settings-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </Button>
          {saved ? (
            <span className="muted" role="status">
              Saved.
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}

/** The sentence for a refused field, next to it. */
function useFieldError(path: string): string | undefined {
  return useSettingsStore((s) => s.fieldErrors[path]);
}

function FieldError({ id, path, error }: { id?: string; path: string; error: string | undefined }) {
  return error ? (
    <span id={id} className="settings-error" role="alert" data-testid={`error-${path}`}>
      {error}
    </span>
  ) : null;
}

export function TextField(props: { path: string; label: string; hint?: ReactNode; value: string; onChange(value: string): void; placeholder?: string; inputMode?: 'decimal' | 'numeric' | 'url' }) {
  const id = useId();
  const error = useFieldError(props.path);
  return (
    <div className="settings-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className="settings-input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid={`field-${props.path}`}
      />
      {props.hint ? <span className="muted settings-hint">{props.hint}</span> : null}
      <FieldError id={`${id}-error`} path={props.path} error={error} />
    </div>
  );
}

export function SelectField<T extends string>(props: { path: string; label: string; value: T; options: ReadonlyArray<{ id: T; label: string }>; onChange(value: T): void }) {
  const id = useId();
  const error = useFieldError(props.path);
  return (
    <div className="settings-field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} className="settings-input" value={props.value} onChange={(e) => props.onChange(e.target.value as T)} data-testid={`field-${props.path}`}>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError path={props.path} error={error} />
    </div>
  );
}

export function CheckField(props: { path: string; label: string; hint?: ReactNode; checked: boolean; onChange(checked: boolean): void; disabled?: boolean }) {
  const error = useFieldError(props.path);
  return (
    <div className="settings-field">
      <label className="settings-check">
        <input type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.target.checked)} data-testid={`field-${props.path}`} />
        <span>{props.label}</span>
      </label>
      {props.hint ? <span className="muted settings-hint">{props.hint}</span> : null}
      <FieldError path={props.path} error={error} />
    </div>
  );
}
