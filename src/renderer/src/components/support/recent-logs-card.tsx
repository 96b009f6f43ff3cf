import { useState, type FormEvent } from 'react';
import type { LogLine } from '../../../../shared/contract/logs';
import { Button } from '../button';
import { Card } from '../card';
import { Notice } from '../notice';
import { StatusPill, type Tone } from '../status-pill';

const LEVELS: Array<{ value: LogLine['level']; label: string }> = [
  { value: 'debug', label: 'Everything (debug)' },
  { value: 'info', label: 'Info and above' },
  { value: 'warn', label: 'Warnings and errors' },
  { value: 'error', label: 'Errors only' },
];
const TONE: Record<LogLine['level'], Tone> = { debug: 'muted', info: 'info', warn: 'warn', error: 'fail' };
const CORE_KEYS = new Set(['t', 'level', 'msg', 'component']);

interface Props {
  lines: LogLine[];
  more: boolean;
  loading: boolean;
  error: string | null;
  level: LogLine['level'];
  search: string;
  onFilter: (filter: { level: LogLine['level']; search: string }) => void;
}

/** The newest lines of the main log, filtered by level and text; read on request, never on a timer. */
export function RecentLogsCard({ lines, more, loading, error, level, search, onFilter }: Props) {
  const [text, setText] = useState(search);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onFilter({ level, search: text });
  };
  return (
    <Card title="Recent log lines" labelledBy="recent-logs-title">
      <form className="support-filter" onSubmit={submit} role="search" aria-label="Filter log lines">
        <label>
          Show
          <select value={level} onChange={(e) => onFilter({ level: e.target.value as LogLine['level'], search: text })}>
            {LEVELS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Containing
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="text, job id, component…" maxLength={200} />
        </label>
        <Button type="submit" disabled={loading} aria-busy={loading}>
          {loading ? 'Reading…' : 'Refresh'}
        </Button>
      </form>
      {error ? <Notice tone="fail" title="The log could not be read">{error}</Notice> : null}
      {lines.length === 0 && !loading && !error ? (
        <p className="empty" data-testid="recent-logs-empty">
          {search ? `No line at this level contains “${search}”.` : 'No log lines at this level yet. What the host does (checks, jobs, errors) appears here as it happens.'}
        </p>
      ) : (
        <ol className="support-log" data-testid="recent-logs" aria-live="polite">
          {lines.map((line, i) => (
            <li key={`${line.t}-${i}`} data-level={line.level}>
              <time dateTime={line.t}>{new Date(line.t).toLocaleTimeString()}</time> <StatusPill tone={TONE[line.level]}>{line.level}</StatusPill>{' '}
              {line.component ? <span className="muted">{line.component}</span> : null} <span>{line.msg}</span>
              <Fields line={line} />
            </li>
          ))}
        </ol>
      )}
      {more ? <p className="muted">Showing the newest {lines.length} matching lines; older ones are in the support bundle.</p> : null}
    </Card>
  );
}

function Fields({ line }: { line: LogLine }) {
  const entries = Object.entries(line).filter(([key]) => !CORE_KEYS.has(key));
  if (entries.length === 0) return null;
  return <code className="support-fields">{entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}</code>;
}
