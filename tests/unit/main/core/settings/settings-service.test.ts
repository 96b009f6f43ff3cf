import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../src/shared/api-error';
import { defaultSettings } from '../../../../../src/shared/settings';
import { SettingsService } from '../../../../../src/main/core/settings/settings-service';
import { MemoryDocumentStore, RecordingEvents, RecordingLogger } from '../../../../support/core-fakes';

/** The settings service over an in-memory file, with what it logs and publishes recorded. */
function createSettings(options: { store?: MemoryDocumentStore } = {}) {
  const store = options.store ?? new MemoryDocumentStore();
  const logger = new RecordingLogger();
  const events = new RecordingEvents();
  return { settings: new SettingsService(store, logger, events), store, logger, events };
}

describe('SettingsService', () => {
  it('gives defaults when there is no settings file', async () => {
    const { settings } = createSettings();
    expect(await settings.load()).toEqual(defaultSettings());
  });

  it('fills in defaults for fields a saved file lacks', async () => {
    const store = new MemoryDocumentStore({ containers: { memoryMiB: 4096 } });
    const { settings } = createSettings({ store });
    const loaded = await settings.load();
    expect(loaded.containers).toEqual({ ...defaultSettings().containers, memoryMiB: 4096 });
    expect(loaded.grid).toEqual(defaultSettings().grid);
  });

  it('moves an unreadable file aside, uses defaults and says so', async () => {
    const store = new MemoryDocumentStore('{"grid":', true);
    const { settings, logger } = createSettings({ store });
    expect(await settings.load()).toEqual(defaultSettings());
    expect(store.quarantined).toHaveLength(1);
    expect(settings.loadProblem).toMatch(/not valid JSON.*kept at \/data\/settings\.json\.corrupt-test/);
    expect(logger.records.some((r) => r.level === 'warn' && r.msg.includes('unreadable'))).toBe(true);
  });

  it('moves aside a file with invalid values rather than half-using it', async () => {
    const store = new MemoryDocumentStore({ containers: { memoryMiB: -1 } });
    const { settings } = createSettings({ store });
    expect(await settings.load()).toEqual(defaultSettings());
    expect(store.quarantined).toEqual([{ containers: { memoryMiB: -1 } }]);
    expect(settings.loadProblem).toMatch(/containers\.memoryMiB/);
  });

  it('persists an update, publishes it, and keeps untouched fields', async () => {
    const { settings, store, events } = createSettings();
    await settings.load();
    const next = await settings.update({ containers: { stopGraceSeconds: 10 } });
    expect(next.containers).toEqual({ ...defaultSettings().containers, stopGraceSeconds: 10 });
    expect(store.value).toEqual(next);
    expect(events.of('settings.changed')).toEqual([next]);
  });

  it('changes nothing when the disk write fails, and says what to do', async () => {
    const { settings, store, events } = createSettings();
    await settings.load();
    store.failWrites = true;
    const failure = await settings.update({ logs: { level: 'debug' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toMatch(/could not be saved.*data folder is writable/);
    expect(settings.get().logs.level).toBe('info');
    expect(events.of('settings.changed')).toEqual([]);
  });

  it('refuses a custom RPC URL that is not http(s)', async () => {
    const { settings } = createSettings();
    await settings.load();
    await expect(settings.update({ wallet: { customRpcUrl: 'javascript:alert(1)' } })).rejects.toThrow(/wallet\.customRpcUrl/);
  });
});
