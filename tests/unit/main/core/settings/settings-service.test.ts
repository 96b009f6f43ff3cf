import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../src/shared/api-error';
import { defaultSettings } from '../../../../../src/shared/settings';
import { MemoryDocumentStore, createTestCore } from '../../../../support/core-fakes';

describe('SettingsService', () => {
  it('gives defaults when there is no settings file', async () => {
    const { core } = createTestCore();
    expect(await core.settings.load()).toEqual(defaultSettings());
  });

  it('fills in defaults for fields a saved file lacks', async () => {
    const store = new MemoryDocumentStore({ containers: { memoryMiB: 4096 } });
    const { core } = createTestCore({ store });
    const settings = await core.settings.load();
    expect(settings.containers).toEqual({ ...defaultSettings().containers, memoryMiB: 4096 });
    expect(settings.grid).toEqual(defaultSettings().grid);
  });

  it('moves an unreadable file aside, uses defaults and says so', async () => {
    const store = new MemoryDocumentStore('{"grid":', true);
    const { core, logger } = createTestCore({ store });
    expect(await core.settings.load()).toEqual(defaultSettings());
    expect(store.quarantined).toHaveLength(1);
    expect(core.settings.loadProblem).toMatch(/not valid JSON.*kept at \/data\/settings\.json\.corrupt-test/);
    expect(logger.records.some((r) => r.level === 'warn' && r.msg.includes('unreadable'))).toBe(true);
  });

  it('moves aside a file with invalid values rather than half-using it', async () => {
    const store = new MemoryDocumentStore({ containers: { memoryMiB: -1 } });
    const { core } = createTestCore({ store });
    expect(await core.settings.load()).toEqual(defaultSettings());
    expect(store.quarantined).toEqual([{ containers: { memoryMiB: -1 } }]);
    expect(core.settings.loadProblem).toMatch(/containers\.memoryMiB/);
  });

  it('persists an update, publishes it, and keeps untouched fields', async () => {
    const { core, store } = createTestCore();
    await core.settings.load();
    const published: unknown[] = [];
    core.subscribe((event, data) => event === 'settings.changed' && published.push(data));
    const next = await core.settings.update({ containers: { stopGraceSeconds: 10 } });
    expect(next.containers).toEqual({ ...defaultSettings().containers, stopGraceSeconds: 10 });
    expect(store.value).toEqual(next);
    expect(published).toEqual([next]);
  });

  it('changes nothing when the disk write fails, and says what to do', async () => {
    const { core, store } = createTestCore();
    await core.settings.load();
    store.failWrites = true;
    const failure = await core.settings.update({ logs: { level: 'debug' } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).message).toMatch(/could not be saved.*data folder is writable/);
    expect(core.settings.get().logs.level).toBe('info');
  });

  it('refuses a custom RPC URL that is not http(s)', async () => {
    const { core } = createTestCore();
    await core.settings.load();
    await expect(core.settings.update({ wallet: { customRpcUrl: 'javascript:alert(1)' } })).rejects.toThrow(/wallet\.customRpcUrl/);
  });
});
