import { arch, cpus, freemem, platform, release, totalmem, type as osType } from 'node:os';
import type { SupportJob } from '../../../shared/contract/logs';
import type { HostCore } from '../host';
import type { SupportSources } from './support-sources';

const RECENT_JOBS = 50;

/**
 * The support bundle's sources, read from the services HostCore holds. A domain the host does not have
 * (yet) leaves its source out, and the bundle's manifest says so.
 */
export function hostSupportSources(core: HostCore): SupportSources {
  const { grid } = core.deps;
  return {
    app: { name: core.appInfo.name, version: core.appInfo.version, mode: core.appInfo.mode },
    system: async () => ({
      os: osType(),
      platform: platform(),
      release: release(),
      arch: arch(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryMiB: Math.round(totalmem() / 1024 / 1024),
      freeMemoryMiB: Math.round(freemem() / 1024 / 1024),
      node: process.versions.node,
      electron: process.versions.electron ?? null,
    }),
    settings: async () => core.settings.get(),
    recentJobs: grid
      ? async () => {
          await grid.ledger.load();
          return grid.ledger.list().slice(0, RECENT_JOBS).map(
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
        }
      : undefined,
  };
}
