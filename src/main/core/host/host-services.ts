import type { ServiceRelay } from '../relay/job-services';
import type { AppInfo } from '../../../shared/contract';
import type { ContainerSupervisor } from '../containers/container-supervisor';
import type { GpuLiveSampler } from '../gpu/gpu-live-sampler';
import type { HardwareServices } from '../gpu/hardware-services';
import type { GridParts } from '../grid/grid-parts';
import type { LogsService } from '../logs/logs-service';
import type { SettingsService } from '../settings/settings-service';
import type { SharingService } from '../sharing/sharing-service';
import type { WalletService } from '../wallet/wallet-service';
import type { EventBus } from './event-bus';
import type { HostLoop } from './host-loop';

/**
 * Every service of a running host, built once by src/main/composition.ts. Nothing looks services up at run
 * time: each API handler file and each CLI command is handed the ones it uses. A part a mode lacks is an
 * explicit `unavailable(...)` stand-in that says why (src/main/core/host/unavailable.ts), never a missing field.
 */
export interface HostServices {
  appInfo: AppInfo;
  events: EventBus;
  settings: SettingsService;
  host: HostLoop;
  grid: GridParts;
  hardware: HardwareServices;
  wallet: WalletService;
  logs: LogsService;
  containers: ContainerSupervisor;
  sharing: SharingService;
  /** The live GPU figures (Overview's card), read from nvidia-smi when asked. */
  gpuLive: GpuLiveSampler;
  /** Exposed services relayed through the grid, with their health. */
  relay: Pick<ServiceRelay, 'list'>;
}
