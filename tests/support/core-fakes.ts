import type { AppInfo } from '../../src/shared/contract';
import { ApiDispatcher, type ApiHandlers } from '../../src/main/core/api/dispatcher';
import { HostCore } from '../../src/main/core/host';
import type { Clock, JsonDocumentStore, LogFields, Logger } from '../../src/main/core/ports';
import { SettingsService } from '../../src/main/core/settings/settings-service';
import { REQUEST_NAMES, type RequestName } from '../../src/shared/contract';
import { requestSamples } from './contract-samples';

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
};

export function createTestCore(options: { store?: MemoryDocumentStore; logger?: RecordingLogger; clock?: ManualClock } = {}) {
  const logger = options.logger ?? new RecordingLogger();
  const store = options.store ?? new MemoryDocumentStore();
  const clock = options.clock ?? new ManualClock();
  const core = new HostCore({
    logger,
    clock,
    dataDir: testAppInfo.dataDir,
    appInfo: testAppInfo,
    createSettings: (sink) => new SettingsService(store, logger, sink),
  });
  return { core, logger, store, clock };
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
