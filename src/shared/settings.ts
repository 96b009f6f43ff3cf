import { z } from 'zod';
import { SHARING_MODES, SharingRulesPatchSchema, SharingRulesSchema } from './sharing-settings';

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

const ResourceSettings = z.object({
  /** Disk budget of the model cache (HF and S3 resources of jobs), in GiB; least recently used models go first. */
  cacheGiB: z.number().int().min(1).max(10_000).default(100),
  /** Base URL of the Hugging Face Hub that HF resources are fetched from. */
  hfEndpoint: z.url({ protocol: /^https?$/ }).default('https://huggingface.co'),
  /** Base URL of the S3 service that S3 resources (`s3://bucket/key`) are fetched from, path-style. */
  s3Endpoint: z.url({ protocol: /^https?$/ }).default('https://s3.amazonaws.com'),
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

export { SHARING_MODES, type SharingMode } from './sharing-settings';

/**
 * The sharing mode and the Auto rules (src/shared/sharing-settings.ts, docs/sharing.md), kept across restarts.
 * `mode` null: the owner has not chosen yet, and the app's default applies (the desktop app Auto, a headless
 * rig Always: `effectiveSharingMode`). Start sharing (or `gridhost share always`, or `start --headless --share`)
 * sets `always`, Pause sets `never`, `gridhost share auto` (or the Sharing page) sets `auto`.
 */
const SharingSettings = SharingRulesSchema.extend({
  mode: z.enum(SHARING_MODES).nullable().default(null),
});

/** The mode in force: the owner's choice, else the desktop app's Auto or a headless rig's Always. */
export function effectiveSharingMode(sharing: { mode: (typeof SHARING_MODES)[number] | null }, appMode: 'desktop' | 'headless'): (typeof SHARING_MODES)[number] {
  return sharing.mode ?? (appMode === 'desktop' ? 'auto' : 'always');
}
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

const EarningsSettings = z.object({
  /** The owner's currency, for electricity and the optional fiat figure (ISO 4217 code, 2 decimals shown). */
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code, like EUR or USD').default('EUR'),
  /** What a kWh costs the owner, in that currency (e.g. 0.30). 0: electricity not counted. */
  electricityPricePerKwh: z.number().min(0).max(10).default(0),
  /** The whole machine's draw while it runs a job, in watts: the estimate for jobs whose GPU power was not measured (CPU jobs). */
  machineWatts: z.number().int().min(0).max(10_000).default(150),
  /** The price of 1 NOS in the owner's currency, set by the owner (no live feed); null: no fiat figures. */
  nosPrice: z.number().positive().max(1_000_000).nullable().default(null),
});

export const SettingsSchema = z.object({
  grid: GridSettings.prefault({}),
  containers: ContainerSettings.prefault({}),
  resources: ResourceSettings.prefault({}),
  wallet: WalletSettings.prefault({}),
  logs: LogSettings.prefault({}),
  sharing: SharingSettings.prefault({}),
  app: AppSettings.prefault({}),
  updates: UpdateSettings.prefault({}),
  notifications: NotificationSettings.prefault({}),
  earnings: EarningsSettings.prefault({}),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** A partial update: any section, any subset of its fields. */
export const SettingsPatchSchema = z
  .object({
    grid: GridSettings.partial().strict().optional(),
    containers: ContainerSettings.partial().strict().optional(),
    resources: ResourceSettings.partial().strict().optional(),
    wallet: WalletSettings.partial().strict().optional(),
    logs: LogSettings.partial().strict().optional(),
    sharing: SharingRulesPatchSchema.extend({ mode: z.enum(SHARING_MODES).nullable().optional() }).strict().optional(),
    app: AppSettings.partial().strict().optional(),
    updates: UpdateSettings.partial().strict().optional(),
    notifications: NotificationSettings.partial().strict().optional(),
    earnings: EarningsSettings.partial().strict().optional(),
  })
  .strict();

export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/**
 * What a client may change through `settings.update`. The payout address is left out: it is set only through
 * `wallet.payout.set`, which checks that it is a real wallet address and not the node's own. The sharing
 * sharing mode is left out too: it is set by `sharing.mode.set` (and `grid.sharing.start`/`grid.sharing.pause`),
 * which also move the host; the sharing rules are editable here.
 */
export const ClientSettingsPatchSchema = SettingsPatchSchema.extend({
  wallet: WalletSettings.omit({ payoutAddress: true }).partial().strict().optional(),
  sharing: SharingRulesPatchSchema.optional(),
}).strict();

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}
