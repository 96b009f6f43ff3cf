import { z } from 'zod';

/** The local reference grid that `npm run grid` and `gridhost start --headless --grid local` start. */
export const LOCAL_GRID_URL = 'http://127.0.0.1:7070';

const GridSettings = z.object({
  /** Base URL of the grid coordinator. The development default is the local grid. */
  url: z.url({ protocol: /^https?$/ }).default(LOCAL_GRID_URL),
});

const ContainerSettings = z.object({
  /** Seconds between SIGTERM and SIGKILL when a job container is stopped. */
  stopGraceSeconds: z.number().int().min(0).max(300).default(3),
  /**
   * Memory limit of a job container (RAM and swap together), in MiB. Null (the default): half the machine's
   * memory. A value is capped at 90% of the machine's memory (see docs/containers.md).
   */
  memoryMiB: z.number().int().min(512).max(1_048_576).nullable().default(null),
  /** CPU limit of a job container, in cores. */
  cpus: z.number().min(0.5).max(256).default(4),
  /** Disk budget for cached job images, in GiB. */
  imageCacheGiB: z.number().int().min(1).max(10_000).default(50),
  /**
   * Registries (`host` or `host:port`) on this computer or the local network that jobs may pull from anyway.
   * Empty by default: such registries are refused (the engine would make requests inside the owner's network).
   */
  allowedRegistries: z
    .array(z.string().max(260).regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$/, 'a registry host, optionally with :port, like 192.168.1.5:5000'))
    .max(64)
    .default([]),
});

const WalletSettings = z.object({
  cluster: z.enum(['mainnet-beta', 'devnet', 'custom']).default('devnet'),
  /** JSON-RPC URL used when cluster is "custom". */
  customRpcUrl: z.url({ protocol: /^https?$/ }).nullable().default(null),
  /** Base58 Solana address that earnings are paid to, set by the owner. */
  payoutAddress: z.string().nullable().default(null),
  /**
   * Linux only: the owner agreed to keep the node key with the `basic_text` key store (no desktop keyring; the
   * key is then protected by file permissions alone). GRIDHOST_ALLOW_BASIC_TEXT_KEYRING=1 overrides it.
   */
  allowBasicTextKeyring: z.boolean().default(false),
});

const LogSettings = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  maxFileMiB: z.number().int().min(1).max(1024).default(10),
  maxFiles: z.number().int().min(1).max(100).default(5),
});

/** What the owner wants: take jobs whenever the host is onboarded (`always`), or not (`never`). */
export const SharingModeSchema = z.enum(['always', 'never']);
export type SharingMode = z.infer<typeof SharingModeSchema>;

const SharingSettings = z.object({
  /**
   * The owner's sharing intent, kept across restarts: Start sharing (or `gridhost share always`, or
   * `start --headless --share`) sets `always`, Pause sets `never`. A host that starts with `always` joins its
   * market's queue by itself once onboarded.
   */
  mode: SharingModeSchema.default('never'),
});

/** The desktop app's own behaviour (the tray, the window, start at login). */
const AppSettings = z.object({
  /** Closing the window keeps the host running in the tray. */
  closeToTray: z.boolean().default(true),
  /** The one-time notice that the window went to the tray was shown. */
  closeToTrayNoticeShown: z.boolean().default(false),
  /** Start GridHost (hidden, in the tray) when the owner logs in. */
  startAtLogin: z.boolean().default(false),
});

const UpdateSettings = z.object({
  /** The release channel electron-updater follows: `latest` (stable) or `beta`. */
  channel: z.enum(['latest', 'beta']).default('latest'),
});

const NotificationSettings = z.object({
  /** A desktop notification when the host needs attention (a failure, the waitlist, a paused share). */
  attention: z.boolean().default(true),
  /** A desktop notification when a job starts and ends. */
  jobs: z.boolean().default(false),
});

export const SettingsSchema = z.object({
  grid: GridSettings.prefault({}),
  containers: ContainerSettings.prefault({}),
  wallet: WalletSettings.prefault({}),
  logs: LogSettings.prefault({}),
  sharing: SharingSettings.prefault({}),
  app: AppSettings.prefault({}),
  updates: UpdateSettings.prefault({}),
  notifications: NotificationSettings.prefault({}),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** A partial update: any section, any subset of its fields. */
export const SettingsPatchSchema = z
  .object({
    grid: GridSettings.partial().strict().optional(),
    containers: ContainerSettings.partial().strict().optional(),
    wallet: WalletSettings.partial().strict().optional(),
    logs: LogSettings.partial().strict().optional(),
    sharing: SharingSettings.partial().strict().optional(),
    app: AppSettings.partial().strict().optional(),
    updates: UpdateSettings.partial().strict().optional(),
    notifications: NotificationSettings.partial().strict().optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/**
 * What a client may change through `settings.update`. The payout address is left out: it is set only through
 * `wallet.payout.set`, which checks that it is a real wallet address and not the node's own. The sharing
 * intent is left out too: it is set by `grid.sharing.start` and `grid.sharing.pause`, which also move the host.
 */
export const ClientSettingsPatchSchema = SettingsPatchSchema.omit({ sharing: true }).extend({
  wallet: WalletSettings.omit({ payoutAddress: true }).partial().strict().optional(),
}).strict();

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
