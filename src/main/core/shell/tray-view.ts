import { hostPhase, type HostStatus } from '../../../shared/host-state';

/** One icon per state the owner cares about, drawn in assets/tray/<icon>.png. */
export type TrayIcon = 'earning' | 'waiting' | 'paused' | 'attention';
export const TRAY_ICONS: readonly TrayIcon[] = ['earning', 'waiting', 'paused', 'attention'];

/** What the tray's menu items do; the shell maps each to a request or to the window. */
export type TrayAction = 'share' | 'pause' | 'auto' | 'open-dashboard' | 'quit';

export interface TrayMenuItem {
  action: TrayAction;
  label: string;
  enabled: boolean;
  /** Share / Pause / Auto are radio items: the one matching the owner's intent is checked. */
  checked?: boolean;
}

/** The owner's sharing intent as the tray shows it. `auto` arrives with the sharing settings' Auto mode. */
export type TraySharingIntent = 'always' | 'never' | 'auto';

export interface TrayView {
  icon: TrayIcon;
  /** The tooltip: the state in a sentence, with the reason when paused or failing. */
  tooltip: string;
  menu: TrayMenuItem[];
}

/**
 * What the tray shows for a host status: pure, so every state is tested on Node (tests/unit/main/core/shell/).
 * `autoAvailable` says whether Auto can be chosen here (the desktop shell passes true: `sharing.mode.set`).
 */
export function trayView(status: HostStatus, intent: TraySharingIntent, autoAvailable: boolean): TrayView {
  const phase = hostPhase(status.state);
  const reason = status.reason ? `: ${status.reason}` : '';
  let icon: TrayIcon;
  let tooltip: string;
  switch (phase) {
    case 'earning':
      icon = 'earning';
      tooltip = `Earning${status.job ? ` (job ${status.job.id.slice(0, 8)})` : ''}`;
      break;
    case 'queued':
      icon = 'waiting';
      tooltip = `Waiting for a job${status.market ? ` in ${status.market}` : ''}`;
      break;
    case 'checking':
      icon = 'waiting';
      tooltip = 'Checking this computer';
      break;
    case 'ready':
      icon = 'paused';
      tooltip = 'Not sharing: choose Share to take jobs';
      break;
    case 'paused':
      icon = 'paused';
      tooltip = `Paused${reason}`;
      break;
    case 'setup':
      icon = 'attention';
      tooltip = status.state === 'waitlisted' ? 'On the grid’s waitlist: open the dashboard' : 'Needs setup: open the dashboard to enroll';
      break;
    case 'failing':
      icon = 'attention';
      tooltip = `Needs attention${reason}`;
      break;
  }
  const canShare = phase !== 'setup';
  return {
    icon,
    tooltip: `GridHost: ${tooltip}`,
    menu: [
      { action: 'share', label: 'Share', enabled: canShare, checked: intent === 'always' },
      { action: 'pause', label: 'Pause', enabled: canShare, checked: intent === 'never' },
      { action: 'auto', label: 'Auto (share when idle)', enabled: canShare && autoAvailable, checked: intent === 'auto' },
      { action: 'open-dashboard', label: 'Open GridHost', enabled: true },
      { action: 'quit', label: phase === 'earning' ? 'Quit (ends the job with the grid)' : 'Quit GridHost', enabled: true },
    ],
  };
}
