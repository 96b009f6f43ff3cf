import { formatDuration } from '../../../shared/format';
import type { HostStatus } from '../../../shared/host-state';

export interface Headline {
  text: string;
  tone: 'ok' | 'warn' | 'fail' | 'info' | 'muted';
  /** The one action that fits: a page to go to, or the "check again" request. */
  action: { label: string; href: string } | { label: string; recheck: true } | null;
}

/**
 * The Overview's one sentence and one action for each state of the host loop (ux.md). A readiness check
 * that fails comes first: until it is fixed the machine cannot earn, whatever the loop says.
 */
export function hostHeadline(status: HostStatus, now: number, failingChecks: ReadonlyArray<{ title: string }> = []): Headline {
  const busy = status.state === 'running' || status.state === 'settling';
  const first = failingChecks[0];
  if (first && !busy) {
    const more = failingChecks.length > 1 ? ` (and ${failingChecks.length - 1} more)` : '';
    return { text: `Setup needed: ${first.title}${more}`, tone: 'fail', action: { label: 'Fix', href: '#/hardware' } };
  }
  switch (status.state) {
    case 'starting':
      return { text: 'Starting up…', tone: 'muted', action: null };
    case 'preflight':
      return { text: 'Checking this machine…', tone: 'info', action: null };
    case 'unenrolled':
      return { text: 'Setup needed: enroll this machine in the test grid', tone: 'warn', action: { label: 'Go to Test Grid', href: '#/test-grid' } };
    case 'waitlisted':
      return { text: 'On the test-grid waitlist: you will be told when this machine is onboarded', tone: 'info', action: { label: 'See enrollment', href: '#/test-grid' } };
    case 'ready':
      return { text: `Ready to share${status.market ? ` on ${status.market}` : ''}`, tone: 'ok', action: null };
    case 'queued':
      return { text: `Waiting for a job${status.market ? ` on ${status.market}` : ''}`, tone: 'ok', action: { label: 'See jobs', href: '#/jobs' } };
    case 'running': {
      const ran = status.job ? formatDuration(now - Date.parse(status.job.startedAt)) : '';
      return { text: `Earning on ${status.job?.market ?? status.market ?? 'the grid'} · job ${ran}`, tone: 'ok', action: { label: 'See job', href: '#/jobs' } };
    }
    case 'settling':
      return { text: 'Finishing the job and reporting results', tone: 'ok', action: null };
    case 'paused':
      return { text: `Paused: ${status.reason ?? 'sharing is paused'}`, tone: 'info', action: { label: 'Check again', recheck: true } };
    case 'error': {
      const retry = status.retryAt ? ` Trying again in ${formatDuration(Date.parse(status.retryAt) - now)}.` : '';
      return { text: `Problem: ${status.reason ?? 'something went wrong'}.${retry}`, tone: 'fail', action: { label: 'Check again', recheck: true } };
    }
  }
}
