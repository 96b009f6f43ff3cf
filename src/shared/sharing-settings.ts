import { z } from 'zod';

/**
 * The owner's rules for Auto sharing (docs/sharing.md). The lead puts them in the settings under `sharing`,
 * beside the mode; the policy (src/main/core/sharing/) reads them at every decision, so a change applies at
 * the next poll.
 */

/** Auto: share only while the rules allow; Always: share whatever the rules say; Never: do not share. */
export const SHARING_MODES = ['auto', 'always', 'never'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** One weekly slot in the owner's local time. An `end` at or before `start` runs past midnight into the next day. */
export const ScheduleSlotSchema = z.object({
  /** Days the slot starts on: 0 = Sunday ... 6 = Saturday. */
  days: z.array(z.number().int().min(0).max(6)).min(1, 'Pick at least one day for this time range.'),
  /** "HH:MM", 24-hour local time. */
  start: z.string().regex(TIME, 'Write the start time as HH:MM, for example 22:00.'),
  end: z.string().regex(TIME, 'Write the end time as HH:MM, for example 07:30.'),
});
export type ScheduleSlot = z.infer<typeof ScheduleSlotSchema>;

const ScheduleSchema = z.object({
  /** Off: any time is allowed. On: share only inside one of the slots. */
  enabled: z.boolean().default(false),
  slots: z.array(ScheduleSlotSchema).max(50).default([]),
});

/** Programs that sit on the GPU all the time and are not the owner playing: desktop shells and compositors. */
export const DEFAULT_IGNORED_GPU_PROGRAMS = [
  'Xorg',
  'Xwayland',
  'gnome-shell',
  'kwin_x11',
  'kwin_wayland',
  'plasmashell',
  'dwm.exe',
  'explorer.exe',
  'csrss.exe',
  'ShellExperienceHost.exe',
  'StartMenuExperienceHost.exe',
  'SearchHost.exe',
  'TextInputHost.exe',
];

const GpuUseSchema = z.object({
  /** Program names (not paths, any case) whose use of the GPU never pauses sharing. */
  ignoredPrograms: z.array(z.string().trim().min(1)).max(200).default(DEFAULT_IGNORED_GPU_PROGRAMS),
  /**
   * A program drawing on the GPU (a graphics process) pauses sharing from this much video memory on, so a
   * browser's small surface does not; a program computing on the GPU (CUDA) always does.
   */
  minGraphicsMemoryMiB: z.number().int().min(0).max(1_048_576).default(256),
});

export const SharingRulesSchema = z.object({
  /** Minutes without keyboard or mouse input before sharing starts. */
  idleMinutes: z.number().int().min(0).max(24 * 60).default(10),
  /** Share while the machine runs on battery. Off by default; GridHost never changes the power plan. */
  shareOnBattery: z.boolean().default(false),
  /** Pause above this GPU temperature; sharing resumes once it is 5 °C below. */
  maxGpuTemperatureC: z.number().int().min(40).max(105).default(83),
  schedule: ScheduleSchema.prefault({}),
  /** "Never share while this runs": program names as the system shows them (`steam`, `Cyberpunk2077.exe`). */
  blockedPrograms: z.array(z.string().trim().min(1).max(255)).max(200).default([]),
  gpuUse: GpuUseSchema.prefault({}),
  /** After a rule paused sharing, wait this long once it clears before sharing again (no flapping). */
  resumeAfterSeconds: z.number().int().min(5).max(3600).default(60),
  /** How long a job's containers get between SIGTERM and SIGKILL when Auto gives the GPU back. */
  stopGraceMs: z.number().int().min(0).max(30_000).default(1000),
  /** An OS notification when sharing starts or stops (desktop app). */
  notifications: z.boolean().default(true),
});

export type SharingRules = z.infer<typeof SharingRulesSchema>;

/** A partial update of the rules, for `settings.update`. */
export const SharingRulesPatchSchema = SharingRulesSchema.partial().strict();

export function defaultSharingRules(): SharingRules {
  return SharingRulesSchema.parse({});
}
