import type { ReadinessCheck } from '../../../shared/contract/gpu';
import type { HostStatus } from '../../../shared/host-state';
import type { LockHolder } from '../../core/lock/data-folder-lock';
import { withHost, type CliCommand } from '../command';
import { formatChecks } from './detect';

/**
 * `gridhost status`: where this host stands (enrolled, waitlisted, why not) and the readiness checks that
 * fail, with their fixes, the same checks `gridhost detect` runs. While a host runs it asks that host;
 * otherwise it runs the start-up checks once (key, Docker, the grid).
 */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'Say where this host stands (enrolled, waitlisted, why not) and which readiness checks fail, with their fixes',
  usage: 'gridhost status [--json]',
  options: { json: { type: 'boolean', default: false } },
  run: (ctx) =>
    withHost(ctx, async (host) => {
      await host.start();
      const status = await host.api.hostStatus();
      const gridUrl = (await host.api.settingsGet()).grid.url;
      const report = await host.api.gpuDetect();
      const failing = report.checks.filter((c) => c.status !== 'pass');
      if (ctx.values.json) {
        const running = host.running && { pid: host.running.pid, mode: host.running.mode, since: host.running.startedAt, dashboardUrl: host.running.dashboardUrl };
        ctx.out(`${JSON.stringify({ ...status, gridUrl, eligible: report.eligible, checks: failing, running: running || null }, null, 2)}\n`);
      } else {
        ctx.out(formatStatus(status, gridUrl, host.running));
        ctx.out(formatCheckSummary(report.checks.length, failing));
      }
      return 0;
    }),
};

/** The checks that do not pass, with their fixes, as `gridhost detect` prints them; or that all passed. */
function formatCheckSummary(total: number, failing: ReadinessCheck[]): string {
  if (failing.length === 0) return `Checks: all ${total} passed.\n`;
  return `Checks (${total - failing.length} of ${total} passed; \`gridhost detect\` shows them all):\n${formatChecks(failing)}`;
}

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

export function formatStatus(status: HostStatus, gridUrl: string, running: LockHolder | null = null): string {
  const lines = [`Host: ${SENTENCE[status.state]}`, `Grid: ${gridUrl}`];
  if (running) lines.push(`Running: ${running.mode} GridHost, pid ${running.pid}, since ${running.startedAt}${running.dashboardUrl ? `, dashboard ${running.dashboardUrl}` : ''}`);
  if (status.market) lines.push(`Market: ${status.market}`);
  if (status.reason) lines.push(`Why: ${status.reason}`);
  if (status.retryAt) lines.push(`Retrying at: ${new Date(status.retryAt).toLocaleString()}`);
  return `${lines.join('\n')}\n`;
}
