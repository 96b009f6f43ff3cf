import { openHostStores, type HostStores } from '../../../src/main/adapters/sqlite/host-stores';
import type { OpResourcePreparer } from '../../../src/main/core/resources/op-resources';
import { ApiDispatcher } from '../../../src/main/core/api/dispatcher';
import { createApiHandlers } from '../../../src/main/core/api/handlers';
import { createGridParts, type GridParts } from '../../../src/main/core/grid/grid-parts';
import type { EnrollmentEvidence } from '../../../src/main/core/grid/ports';
import { EventBus } from '../../../src/main/core/host/event-bus';
import { HostLoop } from '../../../src/main/core/host/host-loop';
import type { HostLoopDeps, HostLoopOptions } from '../../../src/main/core/host/host-loop-config';
import type { HostServices } from '../../../src/main/core/host/host-services';
import { unavailable } from '../../../src/main/core/host/unavailable';
import type { OpRunner } from '../../../src/main/core/jobs/ports';
import { systemClock, type NodeSigner } from '../../../src/main/core/ports';
import { SettingsService } from '../../../src/main/core/settings/settings-service';
import type { SharingMode } from '../../../src/shared/settings';
import { MemoryDocumentStore, RecordingLogger, testAppInfo } from '../core-fakes';
import { MemorySharingIntent } from '../host-fakes';

export { FakeOpRunner, until } from '../host-fakes';

/**
 * The host loop and the grid side as composition wires them (signed connection, enrollment, ledger), with its
 * records in the host database of `dataDir` (a real SQLite file) and the API over them: for tests against the
 * real local grid.
 */
export function buildGridHost(options: {
  url: () => string;
  signer: NodeSigner;
  runner: OpRunner;
  /** The model cache for ops' `resources`; none by default. */
  resources?: OpResourcePreparer;
  /** Serves exposed services through the grid (default: none, ports stay on 127.0.0.1). */
  services?: HostLoopDeps['services'] & HostServices['relay'];
  evidence?: EnrollmentEvidence;
  dataDir: string;
  loop?: Partial<HostLoopOptions>;
  /** The owner's kept sharing intent (default `never`: the host waits for Start sharing). */
  sharing?: SharingMode;
  clientOptions?: Parameters<typeof createGridParts>[0]['clientOptions'];
}): { host: HostLoop; grid: GridParts; events: EventBus; dispatcher: ApiDispatcher; logger: RecordingLogger; stores: HostStores } {
  const logger = new RecordingLogger();
  const stores = openHostStores(options.dataDir, logger);
  const events = new EventBus(logger);
  const settings = new SettingsService(new MemoryDocumentStore(), logger, events);
  const grid = createGridParts({
    url: options.url,
    openSigner: async () => options.signer,
    evidence: options.evidence ?? unavailable('GPU detection and the benchmark are not part of this test host, so it cannot enroll.'),
    stores,
    prices: () => settings.get().earnings,
    market: () => host.getStatus().market,
    rebuildLedger: stores.recovered !== null,
    events,
    clock: systemClock,
    logger,
    fetch,
    clientOptions: options.clientOptions,
  });
  const host = new HostLoop({
    events,
    grid: grid.connection,
    enrollment: grid.enrollment,
    ledger: grid.ledger,
    runner: options.runner,
    resources: options.resources,
    services: options.services,
    runState: stores.runInFlight,
    sharing: new MemorySharingIntent(options.sharing),
    outbox: stores.outbox,
    clock: systemClock,
    logger,
    options: options.loop,
  });
  const services: HostServices = {
    appInfo: { ...testAppInfo, dataDir: options.dataDir },
    events,
    settings,
    host,
    grid,
    hardware: unavailable('Hardware detection is not part of this test host.'),
    wallet: unavailable('The wallet is not part of this test host.'),
    logs: unavailable('This test host keeps no log files.'),
    containers: unavailable('This test host runs no job containers.'),
    sharing: unavailable('The sharing controller is not part of this test host.'),
    gpuLive: unavailable('The live GPU figures are not part of this test host.'),
    relay: options.services ?? unavailable('This test host relays no services.'),
  };
  return { host, grid, events, dispatcher: new ApiDispatcher(createApiHandlers(services), logger), logger, stores };
}
