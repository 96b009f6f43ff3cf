import type { AppInfo } from '../../src/shared/contract';
import { ApiDispatcher, type ApiHandlers } from '../../src/main/core/api/dispatcher';
import { EventBus } from '../../src/main/core/host/event-bus';
import { HostLoop } from '../../src/main/core/host/host-loop';
import type { HostLoopOptions } from '../../src/main/core/host/host-loop-config';
import type { HostServices } from '../../src/main/core/host/host-services';
import { unavailable } from '../../src/main/core/host/unavailable';
import type { Clock, EventSink, JsonDocumentStore, LogFields, Logger } from '../../src/main/core/ports';
import type { EventData, EventName } from '../../src/shared/contract';
import { SettingsService } from '../../src/main/core/settings/settings-service';
import { settingsSharingIntent } from '../../src/main/core/settings/sharing-intent';
import { REQUEST_NAMES, type RequestName } from '../../src/shared/contract';
import { requestSamples } from './contract-samples';
import { FakeEnrollment, FakeGridClient, FakeLoopGrid, FakeOpRunner, MemoryOutbox, MemoryRunInFlightStore, MemorySharingIntent, fakeLedger, until } from './host-fakes';
import type { SharingMode } from '../../src/shared/settings';

export interface LogRecord {
  level: string;
  msg: string;
  fields: LogFields;
}

/** A logger that keeps every line in memory, for assertions. */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: LogFields = {},
  ) {}
  debug(msg: string, fields?: LogFields) {
    this.records.push({ level: 'debug', msg, fields: { ...this.bindings, ...fields } });
  }
  info(msg: string, fields?: LogFields) {
    this.records.push({ level: 'info', msg, fields: { ...this.bindings, ...fields } });
  }
  warn(msg: string, fields?: LogFields) {
    this.records.push({ level: 'warn', msg, fields: { ...this.bindings, ...fields } });
  }
  error(msg: string, fields?: LogFields) {
    this.records.push({ level: 'error', msg, fields: { ...this.bindings, ...fields } });
  }
  child(bindings: LogFields): Logger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }
}

/** An in-memory JSON document; `failWrites` simulates a full disk. */
export class MemoryDocumentStore implements JsonDocumentStore {
  quarantined: unknown[] = [];
  failWrites = false;
  constructor(
    public value: unknown | null = null,
    public unreadable = false,
  ) {}
  async read() {
    if (this.unreadable) throw new SyntaxError('Unexpected token } in JSON');
    return this.value;
  }
  async write(value: unknown) {
    if (this.failWrites) throw new Error('ENOSPC: no space left on device');
    this.value = JSON.parse(JSON.stringify(value));
  }
  async quarantine() {
    this.quarantined.push(this.value);
    this.unreadable = false;
    this.value = null;
    return '/data/settings.json.corrupt-test';
  }
}

/** An event sink that keeps what was published, for assertions. */
export class RecordingEvents implements EventSink {
  readonly published: Array<[EventName, unknown]> = [];
  publish<E extends EventName>(event: E, data: EventData<E>): void {
    this.published.push([event, data]);
  }
  /** The data of every `event` published, in order. */
  of<E extends EventName>(event: E): Array<EventData<E>> {
    return this.published.filter(([name]) => name === event).map(([, data]) => data as EventData<E>);
  }
}

export class ManualClock implements Clock {
  constructor(public t = Date.parse('2026-11-25T10:00:00.000Z')) {}
  now() {
    return this.t;
  }
}

export const testAppInfo: AppInfo = {
  name: 'GridHost',
  version: '0.0.0-test',
  mode: 'headless',
  platform: 'linux',
  arch: 'x64',
  nodeVersion: process.versions.node,
  dataDir: '/tmp/gridhost-test',
  notices: [],
};

/**
 * A host with real settings (in memory), a real event bus and the real host loop over fakes of its ports (a
 * grid that says "unenrolled" until the test onboards it). The other domains are `unavailable` stand-ins
 * unless a test passes its own.
 */
export function createTestHost(
  options: { store?: MemoryDocumentStore; logger?: RecordingLogger; clock?: ManualClock; loop?: Partial<HostLoopOptions>; services?: Partial<HostServices>; outbox?: MemoryOutbox; sharing?: SharingMode } = {},
) {
  const logger = options.logger ?? new RecordingLogger();
  const store = options.store ?? new MemoryDocumentStore();
  const clock = options.clock ?? new ManualClock();
  const events = new EventBus(logger);
  const settings = new SettingsService(store, logger, events);
  const gridClient = new FakeGridClient(() => clock.now());
  const grid = new FakeLoopGrid(gridClient);
  const enrollment = new FakeEnrollment();
  const runner = new FakeOpRunner();
  const ledger = fakeLedger(gridClient, logger, events);
  const runState = new MemoryRunInFlightStore();
  const outbox = options.outbox ?? new MemoryOutbox();
  // The owner's kept intent: as settings hold it (settings.sharing.mode), or fixed by the test.
  const sharing = options.sharing ? new MemorySharingIntent(options.sharing) : settingsSharingIntent(settings, 'desktop');
  // ('desktop': with no mode chosen the app's default is Auto, which only the sharing controller (not part of this host) starts.)
  const host = new HostLoop({ events, grid, enrollment, ledger, runner, runState, outbox, sharing, clock, logger, options: { waitMs: 50, heartbeatMs: 20, ...options.loop } });
  const services: HostServices = {
    appInfo: testAppInfo,
    events,
    settings,
    host,
    grid: unavailable('The grid is not part of this test host.'),
    hardware: unavailable('Hardware detection is not part of this test host.'),
    wallet: unavailable('The wallet is not part of this test host.'),
    logs: unavailable('This test host keeps no log files.'),
    containers: unavailable('This test host runs no job containers.'),
    sharing: unavailable('The sharing controller is not part of this test host.'),
    gpuLive: unavailable('The live GPU figures are not part of this test host.'),
    relay: unavailable('This test host relays no services.'),
    ...options.services,
  };
  return { host, events, settings, services, logger, store, clock, grid, gridClient, enrollment, runner, ledger, runState, outbox };
}

/** A host the grid has onboarded, that the owner shares: it goes straight to the queue. */
export async function sharingHost(options: Parameters<typeof createTestHost>[0] = {}) {
  const built = createTestHost(options);
  await built.settings.update({ sharing: { mode: 'always' } });
  built.enrollment.onboard();
  await built.host.start();
  await until(() => built.host.getStatus().state === 'queued', 'queued');
  return built;
}

/** Handlers that answer every request with its sample result and record what they were called with. */
export function sampleHandlers(calls: Array<[RequestName, unknown]>): ApiHandlers {
  return Object.fromEntries(
    REQUEST_NAMES.map((method) => [
      method,
      (params: unknown) => {
        calls.push([method, params]);
        return requestSamples[method].result;
      },
    ]),
  ) as unknown as ApiHandlers;
}

export function sampleDispatcher(calls: Array<[RequestName, unknown]>, logger: Logger = new RecordingLogger()) {
  return new ApiDispatcher(sampleHandlers(calls), logger);
}
