import { useEffect } from 'react';
import type { CurrentJob } from '../../../shared/contract/grid';
import { formatDuration, formatNos } from '../../../shared/format';
import { hrefFor } from '../app/router';
import { useNow } from '../app/use-now';
import { Card } from '../components/card';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { ShowOlder } from '../components/show-older';
import { StatusPill } from '../components/status-pill';
import { jobsActions, useJobOutput, useJobPull, useJobs, useJobsError, useJobsLoadingOlder } from '../stores/jobs-store';
import { JobResources } from './job-resources';
import { outcomeLabel } from './job-outcome';
import { RunningServices } from './running-services';

/** The job in flight and every job this machine ran, with durations and gross pay. */
export function JobsPage() {
  const jobs = useJobs();
  const error = useJobsError();
  const loadingOlder = useJobsLoadingOlder();
  useEffect(() => void jobsActions.load(), []);

  return (
    <Page title="Jobs">
      {error ? <Notice tone="fail" title="Could not load the jobs">{error}</Notice> : null}
      {jobs?.current ? <CurrentJobCard job={jobs.current} /> : null}
      <Card title="Jobs run on this machine" labelledBy="job-history">
        {!jobs ? (
          <p className="muted">Loading…</p>
        ) : jobs.history.length === 0 && jobs.current ? (
          <p className="empty" data-testid="jobs-empty">
            The job running now is listed here when it ends, with how long it ran, how it ended and what it earned (gross).
          </p>
        ) : jobs.history.length === 0 ? (
          <p className="empty" data-testid="jobs-empty">
            Jobs appear here as this machine runs them: when each started, how long it ran, how it ended and what it earned (gross).
            Enroll and start sharing on the <a href={hrefFor('test-grid')}>Test Grid</a> page to receive the first one.
          </p>
        ) : (
          <table className="data" data-testid="jobs-table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Job</th>
                <th scope="col">Market</th>
                <th scope="col">Duration</th>
                <th scope="col">Ended</th>
                <th scope="col">Gross</th>
              </tr>
            </thead>
            <tbody>
              {jobs.history.map((job) => (
                <tr key={job.runId}>
                  <td>{new Date(job.startedAt).toLocaleString()}</td>
                  <td className="mono" title={job.jobId}>
                    {job.jobId.slice(0, 12)}
                  </td>
                  <td>{job.market}</td>
                  <td>{formatDuration(job.secondsRun * 1000)}</td>
                  <td>
                    {outcomeLabel(job)}
                    {job.exitCode !== null && job.exitCode !== 0 ? ` (exit ${job.exitCode})` : ''}
                    {job.note ? <div className="muted">{job.note}</div> : null}
                  </td>
                  <td>{formatNos(job.gross)} gross</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ShowOlder more={Boolean(jobs?.nextBefore)} loading={loadingOlder} onShow={() => void jobsActions.loadOlder()} testId="jobs-show-older" />
      </Card>
    </Page>
  );
}

function CurrentJobCard({ job }: { job: CurrentJob }) {
  const now = useNow(true);
  const seconds = Math.max(0, Math.floor((now - Date.parse(job.startedAt)) / 1000));
  const paid = Math.min(seconds, job.timeoutSeconds);
  return (
    <Card title="Running now" labelledBy="current-job">
      <p className="headline">
        <StatusPill tone="ok">Running</StatusPill> job <span className="mono">{job.jobId}</span> on {job.market}
      </p>
      <dl className="facts">
        <dt>Running for</dt>
        <dd data-testid="current-job-duration">{formatDuration(seconds * 1000)}</dd>
        <dt>Earned so far (gross)</dt>
        <dd>{formatNos(BigInt(job.pricePerSecond) * BigInt(paid))}</dd>
        <dt>Price</dt>
        <dd>{formatNos(job.pricePerSecond)} per second, gross; pay stops growing after {formatDuration(job.timeoutSeconds * 1000)}</dd>
      </dl>
      <JobResources />
      <RunningServices jobId={job.jobId} />
      <JobOutput />
    </Card>
  );
}

function JobOutput() {
  const output = useJobOutput();
  const pull = useJobPull();
  return (
    <>
      {pull ? (
        <p role="status" data-testid="job-pull">
          Downloading <span className="mono">{pull.reference}</span>: {Math.round(pull.percent)}%
          {pull.totalBytes > 0 ? ` (${formatMegabytes(pull.downloadedBytes)} of ${formatMegabytes(pull.totalBytes)})` : ''}
        </p>
      ) : null}
      <h3 id="job-output" className="subsection">
        Output
      </h3>
      {output.length === 0 ? (
        <p className="empty">The job&apos;s output appears here as it prints it.</p>
      ) : (
        <pre className="mono" aria-labelledby="job-output" data-testid="job-output" style={{ maxHeight: '16rem', overflow: 'auto', whiteSpace: 'pre-wrap' }}>
          {output.map((line) => line.text).join('\n')}
        </pre>
      )}
    </>
  );
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
