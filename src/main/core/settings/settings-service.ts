import { ApiError } from '../../../shared/api-error';
import { SettingsSchema, defaultSettings, type Settings, type SettingsPatch } from '../../../shared/settings';
import type { EventSink, JsonDocumentStore, Logger } from '../ports';

/**
 * Typed, validated settings with defaults, persisted atomically in the data folder.
 * A settings file that cannot be read is moved aside (nothing is lost) and defaults are used.
 */
export class SettingsService {
  private current: Settings = defaultSettings();
  private writes: Promise<void> = Promise.resolve();
  /** Set when the file on disk could not be used at start; shown to the owner and kept in the log. */
  loadProblem: string | null = null;

  constructor(
    private readonly store: JsonDocumentStore,
    private readonly logger: Logger,
    private readonly sink: EventSink,
  ) {}

  private loading: Promise<Settings> | null = null;

  /** Reads the settings file once; later calls share that first read. */
  load(): Promise<Settings> {
    this.loading ??= this.readFromStore();
    return this.loading;
  }

  private async readFromStore(): Promise<Settings> {
    let raw: unknown;
    try {
      raw = await this.store.read();
    } catch (err) {
      return this.recover(`settings file is not valid JSON (${(err as Error).message})`);
    }
    if (raw === null) {
      this.current = defaultSettings();
      return this.current;
    }
    const parsed = SettingsSchema.safeParse(raw);
    if (!parsed.success) {
      return this.recover(`settings file has invalid values (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
    }
    this.current = parsed.data;
    return this.current;
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a validated partial update, persists it, and tells every client. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const merged = {
      grid: { ...this.current.grid, ...patch.grid },
      containers: { ...this.current.containers, ...patch.containers },
      wallet: { ...this.current.wallet, ...patch.wallet },
      logs: { ...this.current.logs, ...patch.logs },
      sharing: { ...this.current.sharing, ...patch.sharing },
      app: { ...this.current.app, ...patch.app },
      updates: { ...this.current.updates, ...patch.updates },
      notifications: { ...this.current.notifications, ...patch.notifications },
    };
    const parsed = SettingsSchema.safeParse(merged);
    if (!parsed.success) {
      throw new ApiError('invalid_params', `Settings not changed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    const next = parsed.data;
    const write = this.writes.then(() => this.store.write(next));
    this.writes = write.catch(() => undefined);
    try {
      await write;
    } catch (err) {
      throw new ApiError('unavailable', `Settings could not be saved (${(err as Error).message}). Check that the data folder is writable and has free space.`);
    }
    this.current = next;
    this.logger.info('settings changed', { sections: Object.keys(patch) });
    this.sink.publish('settings.changed', next);
    return next;
  }

  private async recover(problem: string): Promise<Settings> {
    let movedTo = 'nowhere (it could not be moved)';
    try {
      movedTo = await this.store.quarantine();
    } catch (err) {
      this.logger.error('could not move unreadable settings file aside', { error: (err as Error).message });
    }
    this.loadProblem = `Your settings could not be read: ${problem}. Defaults are in use; the old file was kept at ${movedTo}.`;
    this.logger.warn('settings file unreadable, using defaults', { problem, movedTo });
    this.current = defaultSettings();
    return this.current;
  }
}
