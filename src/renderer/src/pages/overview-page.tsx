import { useEffect } from 'react';
import '../components/hardware/hardware.css';
import { hostPhase } from '../../../shared/host-state';
import { hostHeadline, type Headline } from '../app/host-headline';
import { useNow } from '../app/use-now';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { Notice } from '../components/notice';
import { OverviewEarnings } from '../components/earnings/overview-earnings';
import { Page } from '../components/page';
import { ReadinessChecklist } from '../components/hardware/readiness-checklist';
import { StatusPill } from '../components/status-pill';
import { gpuActions, useGpuDetecting, useGpuReport } from '../stores/gpu-store';
import { gridActions } from '../stores/grid-store';
import { hostActions, useAppInfo, useHostError, useHostStatus } from '../stores/host-store';
import { sharingActions, useSharingStatus } from '../stores/sharing-store';
import { GpuLiveCard } from '../components/gpu-live-card';

const COMMANDS = {
  recheck: () => hostActions.checkAgain(),
  'start-sharing': () => gridActions.startSharing(),
  'pause-sharing': () => gridActions.pauseSharing(),
};

function HeadlineAction({ action }: { action: Headline['action'] }) {
  if (!action) return null;
  if ('href' in action) {
    return (
      <a className="button button-primary" href={action.href}>
        {action.label}
      </a>
    );
  }
  const run = COMMANDS[action.command];
  return (
    <Button variant="primary" onClick={() => void run()}>
      {action.label}
    </Button>
  );
}

const STATE_LABEL: Record<string, string> = {
  starting: 'Starting',
  preflight: 'Checking',
  unenrolled: 'Not enrolled',
  waitlisted: 'Waitlisted',
  ready: 'Ready',
  queued: 'In queue',
  running: 'Running a job',
  settling: 'Settling',
  paused: 'Paused',
  error: 'Problem',
};

export function OverviewPage() {
  const status = useHostStatus();
  const info = useAppInfo();
  const error = useHostError();
  // The headline counts up a job's time and down to the next retry: only then does the page tick.
  const phase = status ? hostPhase(status.state) : null;
  const now = useNow(phase === 'earning' || phase === 'failing');
  const report = useGpuReport();
  const detecting = useGpuDetecting();
  useEffect(() => void gpuActions.load(), []);
  useEffect(() => void sharingActions.load(), []);
  const sharing = useSharingStatus();
  const failing = report?.checks.filter((c) => c.status === 'fail') ?? [];

  if (!status) {
    return (
      <Page title="Overview">
        {error ? <Notice tone="fail" title="Could not reach the host">{error}</Notice> : <p className="muted">Loading the host state…</p>}
      </Page>
    );
  }
  const headline = hostHeadline(status, now, failing);
  return (
    <Page title="Overview">
      {error ? <Notice tone="fail" title="Something went wrong">{error}</Notice> : null}
      {info?.notices.map((notice) => (
        <Notice key={notice} tone="warn" title="GridHost repaired its records at start">
          {notice}
        </Notice>
      ))}
      <Card>
        <div className="actions" style={{ justifyContent: 'space-between' }}>
          <div>
            <p className="headline" data-testid="host-headline">
              {headline.text}
            </p>
            <p className="muted">
              <StatusPill tone={headline.tone}>
                <span data-testid="host-state">{STATE_LABEL[status.state]}</span>
              </StatusPill>{' '}
              since {new Date(status.since).toLocaleTimeString()}
              {sharing ? (
                <>
                  {' · '}
                  <a href="#/sharing" data-testid="sharing-live-reason">
                    {sharing.reason}
                  </a>
                </>
              ) : null}
            </p>
          </div>
          <HeadlineAction action={headline.action} />
        </div>
      </Card>
      <GpuLiveCard />
      {headline.checklistTitle ? (
        <Card title={headline.checklistTitle} labelledBy="setup-checklist">
          <ReadinessChecklist checks={failing} detecting={detecting} onCheckAgain={() => void gpuActions.detect()} />
        </Card>
      ) : null}
      <OverviewEarnings />
      <Card title="This host" labelledBy="this-host">
        <dl className="facts">
          <dt>GridHost</dt>
          <dd>{info ? `${info.version} (${info.mode === 'desktop' ? 'desktop app' : 'headless'})` : '…'}</dd>
          <dt>System</dt>
          <dd>{info ? `${info.platform} ${info.arch}, Node ${info.nodeVersion}` : '…'}</dd>
          <dt>Data folder</dt>
          <dd className="mono">{info?.dataDir ?? '…'}</dd>
          <dt>Market</dt>
          <dd>{status.market ?? 'Not assigned yet (after enrollment)'}</dd>
        </dl>
      </Card>
    </Page>
  );
}
