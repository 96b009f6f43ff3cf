import type { AppInfo } from '../../shared/contract';
import type { HardwareServices } from './gpu/hardware-services';
import type { ContainerSupervisor } from './containers/container-supervisor';
import type { GridServices } from './grid/grid-services';
import type { LogsService } from './logs/logs-service';
import type { Clock, Logger } from './ports';
import type { SettingsService } from './settings/settings-service';
import type { WalletService } from './wallet/wallet-service';

/**
 * Everything HostCore is built from. Adapters are made in src/main/composition.ts; tests pass fakes.
 * Each domain adds its service here as a field.
 */
export interface HostDeps {
  logger: Logger;
  clock: Clock;
  /** The data folder (GRIDHOST_HOME or the platform's app-data folder). */
  dataDir: string;
  appInfo: AppInfo;
  /** Builds the settings service once HostCore (its event sink) exists. */
  createSettings: (core: import('./host').HostCore) => SettingsService;
  /** The node identity, balances and payout address; absent where no keystore is set up (some tests). */
  wallet?: WalletService;
  /** The grid side: enrollment, the host loop driver, the earnings ledger; absent in some tests. */
  grid?: GridServices;
  /** GPU detection, readiness checks and the benchmark; absent in some tests. */
  hardware?: HardwareServices;
  /** Log files, the Support page's tail, support bundles; absent where the host keeps no log files (some tests). */
  logs?: LogsService;
  /** Runs job containers (pull, hardened create, logs, stop, reconcile); absent where no engine is wired (some tests). */
  containers?: ContainerSupervisor;
}
