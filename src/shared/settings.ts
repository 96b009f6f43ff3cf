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
  wallet: WalletSettings.prefault({}),
  logs: LogSettings.prefault({}),
  sharing: SharingSettings.prefault({}),
  earnings: EarningsSettings.prefault({}),
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
    earnings: EarningsSettings.partial().strict().optional(),
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
