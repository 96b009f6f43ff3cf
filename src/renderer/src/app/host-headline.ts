import { formatDuration } from '../../../shared/format';
import { hostPhase, isOnboardedPhase, type HostStatus } from '../../../shared/host-state';

export interface Headline {
  text: string;
  tone: 'ok' | 'warn' | 'fail' | 'info' | 'muted';
  /** The one action that fits: a page to go to, checking the machine again, or starting or pausing sharing. */
  action: { label: string; href: string } | { label: string; command: 'recheck' | 'start-sharing' | 'pause-sharing' } | null;
  /**
   * The title of the failing readiness checks shown under the headline, decided with it so that the two never
   * contradict each other; null when no check fails.
   */
  checklistTitle: string | null;
}

const SETUP_CHECKLIST = 'Setup checklist: fix these to start earning';
const ADVISORY_CHECKLIST = 'Checks that did not pass: the grid onboarded this machine anyway, fix them to keep it healthy';

/**
 * The Overview's one sentence and one action for each state of the host loop (ux.md). A readiness check
 * that fails comes first until the grid has onboarded the machine: before that it is what stands in the way.
 */
export function hostHeadline(status: HostStatus, now: number, failingChecks: ReadonlyArray<{ title: string }> = []): Headline {
  // Once the grid has onboarded the machine (a cpu-dev host on the local grid has no GPU, say), the loop leads
  // and the failing checks are advice, not what stands in the way.
  const onboarded = isOnboardedPhase(hostPhase(status.state));
  const first = failingChecks[0];
  if (first && !onboarded) {
    const more = failingChecks.length > 1 ? ` (and ${failingChecks.length - 1} more)` : '';
    return { text: `Setup needed: ${first.title}${more}`, tone: 'fail', action: { label: 'Fix', href: '#/hardware' }, checklistTitle: SETUP_CHECKLIST };
  }
  return { ...loopHeadline(status, now), checklistTitle: first ? ADVISORY_CHECKLIST : null };
}

function loopHeadline(status: HostStatus, now: number): Omit<Headline, 'checklistTitle'> {
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
      return { text: `Ready to share${status.market ? ` on ${status.market}` : ''}`, tone: 'ok', action: { label: 'Start sharing', command: 'start-sharing' } };
    case 'queued':
      return { text: `Waiting for a job${status.market ? ` on ${status.market}` : ''}`, tone: 'ok', action: { label: 'Pause', command: 'pause-sharing' } };
    case 'running': {
      const ran = status.job ? formatDuration(now - Date.parse(status.job.startedAt)) : '';
      return { text: `Earning on ${status.job?.market ?? status.market ?? 'the grid'} · job ${ran}`, tone: 'ok', action: { label: 'Pause', command: 'pause-sharing' } };
    }
    case 'settling':
      return { text: 'Finishing the job and reporting results', tone: 'ok', action: null };
    case 'paused':
      return { text: `Paused: ${status.reason ?? 'sharing is paused'}`, tone: 'info', action: { label: 'Start sharing', command: 'start-sharing' } };
    case 'error': {
      const retry = status.retryAt ? ` Trying again in ${formatDuration(Date.parse(status.retryAt) - now)}.` : '';
      const reason = (status.reason ?? 'something went wrong').replace(/\.$/, '');
      return { text: `Problem: ${reason}.${retry}`, tone: 'fail', action: { label: 'Check again', command: 'recheck' } };
    }
  }
}
