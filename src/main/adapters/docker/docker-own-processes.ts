import type Docker from 'dockerode';
import type { ContainerSummary } from '../../core/containers/ports';
import { signalUnavailable, signalValue, type OwnProcesses, type Signal } from '../../core/sharing/ports';

/** The engine as this adapter uses it: our containers by label, and dockerode for `top`. */
export interface ProcessListingEngine {
  readonly client: Docker | null;
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
}

/** The PIDs in a `docker top` answer (its `PID` column), as the host sees them. */
export function pidsOfTop(top: { Titles?: string[]; Processes?: string[][] }): number[] {
  const column = top.Titles?.indexOf('PID') ?? -1;
  if (column < 0) return [];
  return (top.Processes ?? []).map((row) => Number(row[column])).filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * Our job containers' processes, through the engine's `docker top`, so that nvidia-smi's list of GPU users can
 * leave them out. On Linux these are the host's PIDs, the ones nvidia-smi prints; under Docker Desktop they
 * live in its VM and never appear in Windows' nvidia-smi list at all.
 */
export class DockerOwnProcesses implements OwnProcesses {
  constructor(
    private readonly engine: ProcessListingEngine,
    /** This installation's labels (`hostLabels(hostId)`): only our containers. */
    private readonly labels: Record<string, string>,
  ) {}

  async pids(): Promise<Signal<ReadonlySet<number>>> {
    try {
      const running = (await this.engine.listContainers(this.labels)).filter((c) => c.state === 'running');
      if (running.length === 0) return signalValue(new Set());
      const docker = this.engine.client;
      if (!docker) return signalUnavailable('the container engine is not connected');
      const tops = await Promise.all(
        running.map((c) =>
          docker
            .getContainer(c.id)
            .top()
            .catch((err: { statusCode?: number }) => {
              // A container that stopped between the list and `top` has no processes left.
              if (err.statusCode === 404 || err.statusCode === 409) return {};
              throw err;
            }),
        ),
      );
      return signalValue(new Set(tops.flatMap((top) => pidsOfTop(top as { Titles?: string[]; Processes?: string[][] }))));
    } catch (err) {
      return signalUnavailable(`the container engine did not list our processes: ${(err as Error).message}`);
    }
  }
}
