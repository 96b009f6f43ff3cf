import type { FormEvent } from 'react';
import type { SupportCheck, SupportReport } from '../../../../shared/contract/logs';
import { Button } from '../button';
import { Card } from '../card';
import { Notice } from '../notice';
import { StatusPill, type Tone } from '../status-pill';
import { Notes } from './bundle-export-card';

const CHECK_TONE: Record<SupportCheck['status'], Tone> = { fail: 'fail', warn: 'warn', skip: 'muted', pass: 'ok' };
const CHECK_LABEL: Record<SupportCheck['status'], string> = { fail: 'Failed', warn: 'Warning', skip: 'Skipped', pass: 'OK' };
const TIMELINE_SHOWN = 30;

interface Props {
  path: string;
  loading: boolean;
  report: SupportReport | null;
  error: string | null;
  onPath: (path: string) => void;
  onOpen: () => void;
  /** Desktop only: choose any file in the app's dialog. Without it, bundles in the support folder only. */
  onChoose?: () => void;
}

/** Opening a bundle for support: failed checks first, errors by kind, the state timeline, the failed job. */
export function BundleReportCard({ path, loading, report, error, onPath, onOpen, onChoose }: Props) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onOpen();
  };
  return (
    <Card title="Open a support bundle" labelledBy="open-bundle-title">
      <form className="support-filter" onSubmit={submit}>
        <label className="support-path">
          Bundle in the support folder
          <input value={path} onChange={(e) => onPath(e.target.value)} placeholder="gridhost-support-….zip" spellCheck={false} />
        </label>
        <Button type="submit" disabled={loading} aria-busy={loading}>
          {loading ? 'Reading…' : 'Open'}
        </Button>
        {onChoose ? (
          <Button type="button" variant="secondary" disabled={loading} onClick={onChoose}>
            Choose file…
          </Button>
        ) : null}
      </form>
      {error ? <Notice tone="fail" title="The bundle could not be opened">{error}</Notice> : null}
      {report ? <ReportView report={report} /> : <p className="empty">A bundle's failed checks, errors by kind, host timeline and failed job appear here.</p>}
    </Card>
  );
}

function ReportView({ report }: { report: SupportReport }) {
  const m = report.manifest;
  const timeline = report.timeline.slice(-TIMELINE_SHOWN);
  return (
    <div data-testid="bundle-report">
      {m ? (
        <p>
          {m.app.name} {m.app.version} ({m.app.mode}), made {new Date(m.createdAt).toLocaleString()}; logs from {m.timeRange.from ?? '?'} to {m.timeRange.to ?? '?'} ({report.lines.total}{' '}
          lines{report.lines.unreadable > 0 ? `, ${report.lines.unreadable} unreadable` : ''}).
        </p>
      ) : null}
      <dl className="facts" data-testid="report-machine">
        <dt>GPU</dt>
        <dd>{report.machine.gpu ? `${report.machine.gpu}${report.machine.driver ? `, driver ${report.machine.driver}` : ''}` : 'not in this bundle'}</dd>
        <dt>Container engine</dt>
        <dd>{report.machine.docker ?? 'not in this bundle'}</dd>
        <dt>Enrollment</dt>
        <dd>{report.machine.enrollment ? `${report.machine.enrollment}${report.machine.market ? ` in ${report.machine.market}` : ''}` : 'not in this bundle'}</dd>
      </dl>
      {report.problems.map((p) => (
        <Notice key={p} tone="warn" title="Problem with this bundle">
          {p}
        </Notice>
      ))}

      <h3 className="support-subtitle">Readiness checks</h3>
      {report.checks.length === 0 ? (
        <p className="empty">This bundle has no readiness checks.</p>
      ) : (
        <ul className="checklist" data-testid="report-checks">
          {report.checks.map((c) => (
            <li key={c.id} data-status={c.status}>
              <StatusPill tone={CHECK_TONE[c.status]}>{CHECK_LABEL[c.status]}</StatusPill> <strong>{c.title}</strong>
              {c.detail ? `: ${c.detail}` : ''}
              {c.fix ? (
                <div className="fix">
                  Fix: {c.fix.includes('\n') ? <pre tabIndex={0}>{c.fix}</pre> : c.fix}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h3 className="support-subtitle">Errors and warnings by kind</h3>
      {report.errorGroups.length === 0 ? (
        <p className="empty">No errors or warnings in the logs.</p>
      ) : (
        <table className="data" data-testid="report-errors">
          <thead>
            <tr>
              <th scope="col">Count</th>
              <th scope="col">Kind</th>
              <th scope="col">First</th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {report.errorGroups.map((g) => (
              <tr key={`${g.level}-${g.kind}`}>
                <td>
                  {g.count} <StatusPill tone={g.level === 'error' ? 'fail' : 'warn'}>{g.level}</StatusPill>
                </td>
                <td>{g.kind}</td>
                <td>{g.firstAt}</td>
                <td>{g.lastAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3 className="support-subtitle">Host state timeline</h3>
      {timeline.length === 0 ? (
        <p className="empty">No state changes were logged.</p>
      ) : (
        <ol className="support-log" data-testid="report-timeline">
          {timeline.map((c, i) => (
            <li key={`${c.t}-${i}`}>
              <time dateTime={c.t}>{c.t}</time> {c.from} → <strong>{c.to}</strong>
              {c.reason ? <span className="muted"> ({c.reason})</span> : null}
            </li>
          ))}
        </ol>
      )}

      <h3 className="support-subtitle">Job that failed</h3>
      {report.failedJob ? (
        <div data-testid="report-failed-job">
          <p>
            <strong className="mono">{report.failedJob.jobId}</strong>: {report.failedJob.reason ?? 'no reason was recorded'}
          </p>
          {report.failedJob.outputTail.length > 0 ? (
            <pre className="support-output" tabIndex={0} aria-label="Last lines of the job's output">
              {report.failedJob.outputTail.join('\n')}
            </pre>
          ) : null}
        </div>
      ) : (
        <p className="empty">No job failed in this bundle.</p>
      )}
      <Notes title="Not collected, or only in part" notes={report.notes} />
    </div>
  );
}
