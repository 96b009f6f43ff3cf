import type { HostStatus } from '../../../shared/host-state';
import { withHost, type CliCommand } from '../command';

/** `gridhost status`: runs the host's start-up checks once (key, Docker, the grid) and says where it stands. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Check the node key, Docker and the grid once, and say where this host stands (enrolled, waitlisted, why not)',
  usage: 'gridhost status [--json]',
  options: { json: { type: 'boolean', default: false } },
  run: (ctx) =>
    withHost(ctx, async (host) => {
      await host.start();
      const status = await host.api.hostStatus();
      const gridUrl = (await host.api.settingsGet()).grid.url;
      ctx.out(ctx.values.json ? `${JSON.stringify({ ...status, gridUrl }, null, 2)}\n` : formatStatus(status, gridUrl));
      return 0;
    }),
};

const SENTENCE: Record<HostStatus['state'], string> = {
  starting: 'starting',
  preflight: 'checking this machine',
  unenrolled: 'not enrolled in the test grid (gridhost enroll)',
  waitlisted: 'on the test-grid waitlist',
  ready: 'onboarded and ready to share',
  queued: 'waiting for a job',
  running: 'running a job',
  settling: 'finishing a job',
  paused: 'paused',
  error: 'stopped by a problem',
};

export function formatStatus(status: HostStatus, gridUrl: string): string {
  const lines = [`Host: ${SENTENCE[status.state]}`, `Grid: ${gridUrl}`];
  if (status.market) lines.push(`Market: ${status.market}`);
  if (status.reason) lines.push(`Why: ${status.reason}`);
  if (status.retryAt) lines.push(`Retrying at: ${new Date(status.retryAt).toLocaleString()}`);
  return `${lines.join('\n')}\n`;
}
