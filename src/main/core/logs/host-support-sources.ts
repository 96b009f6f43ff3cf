import type { DetectionReport } from '../../../shared/contract/gpu';
import type { SupportCheck, SupportJob } from '../../../shared/contract/logs';
import type { HostServices } from '../host/host-services';
import type { SupportSources } from './support-sources';
import { urlLabel } from './url-secrets';

const RECENT_JOBS = 50;

/**
 * The support bundle's sources, read from the host's services. A source that fails (a part this mode does not
 * have, an engine that does not answer) is left out, and the bundle's manifest says why.
 */
export function hostSupportSources(services: Pick<HostServices, 'appInfo' | 'settings' | 'hardware' | 'containers' | 'grid' | 'logs'>): SupportSources {
  const { appInfo, settings: settingsService, grid, hardware, containers, logs } = services;
  // One detection serves the GPU section and the readiness checks. The host's own (from preflight or the
  // Hardware page) is what the owner saw; only without one (the CLI) is nvidia-smi run and the engine probed.
  let detection: Promise<DetectionReport> | null = null;
  const detect = () => (detection ??= Promise.resolve().then(() => hardware.detection.lastReport() ?? hardware.detection.detect()));
  return {
    app: { name: appInfo.name, version: appInfo.version, mode: appInfo.mode },
    system: () => logs.describeSystem(),
    gpu: async () => {
      const report = await detect();
      return { detectedAt: report.detectedAt, nvidiaSmi: report.nvidiaSmi, gpus: report.gpus, system: report.system };
    },
    readinessChecks: async () =>
      (await detect()).checks.map(
        (check): SupportCheck => ({ id: check.id, title: check.title, status: check.status, detail: check.message, fix: check.fix }),
      ),
    docker: async () => {
      const known = containers.engineStatus();
      // The CLI exports without starting the host: connect once (the host's stop hook closes it again).
      const status = known.state === 'unknown' ? await containers.start() : known;
      if (status.state === 'up') return status.info;
      throw new Error(status.state === 'down' ? `${status.message} ${status.hint}` : 'the engine has not answered yet');
    },
    enrollment: async () => {
      const known = await grid.enrollment.lastKnown();
      if (!known) return null;
      return known.status === 'unenrolled'
        ? { status: known.status, gridUrl: known.gridUrl }
        : { status: known.status, market: known.market, reason: known.reason, gridUrl: known.gridUrl, address: known.address, reviewedAt: known.reviewedAt };
    },
    lastBenchmark: async () => (await hardware.benchmark.history())[0] ?? null,
    // The grid's URL and a custom RPC URL may carry a key (in the path, even): support sees only their hosts.
    settings: async () => {
      const settings = settingsService.get();
      const rpc = settings.wallet.customRpcUrl;
      return {
        ...settings,
        grid: { ...settings.grid, url: urlLabel(settings.grid.url, 'the configured grid address') },
        wallet: { ...settings.wallet, customRpcUrl: rpc === null ? null : urlLabel(rpc, 'the configured RPC endpoint') },
      };
    },
    recentJobs: async () => {
      await grid.ledger.load();
      return grid.ledger.list({ limit: RECENT_JOBS }).entries.map(
        (entry): SupportJob => ({
          id: entry.jobId,
          outcome: entry.outcome,
          startedAt: entry.startedAt,
          endedAt: entry.endedAt,
          reason: entry.note,
          market: entry.market,
          exitCode: entry.exitCode,
        }),
      );
    },
  };
}
