import { z } from 'zod';
import { SHARING_MODES } from '../sharing-settings';
import { event, request } from './define';

const NoParams = z.object({}).strict();

/** One time the GPU was given back: how long it took from the signal to the job's containers gone. */
export const ReleaseRecordSchema = z.object({
  ms: z.number().int().nonnegative(),
  /** ISO time of the release. */
  at: z.string(),
  /** In the owner's words: "game.exe is using the GPU", "on battery". */
  cause: z.string(),
});

/** A sharing signal as this machine gives it (`idle:logind`, `gpu-processes:nvidia-smi`...), or why it cannot. */
export const SharingSignalSchema = z.object({
  name: z.string(),
  available: z.boolean(),
  /** What it says now, in a few words (when available). */
  value: z.string().optional(),
  /** Why this machine cannot give it (when unavailable): it never holds sharing back. */
  why: z.string().optional(),
});

export const SharingStatusSchema = z.object({
  mode: z.enum(SHARING_MODES),
  /** The sharing controller asked the host to take jobs. */
  sharing: z.boolean(),
  /** "Sharing: idle for 12 min", "Paused: on battery", "Paused: game.exe is using the GPU". */
  reason: z.string(),
  lastRelease: ReleaseRecordSchema.nullable(),
  signals: z.array(SharingSignalSchema),
  /** The latest first (up to 20). */
  recentPauses: z.array(ReleaseRecordSchema),
});
export type SharingStatus = z.infer<typeof SharingStatusSchema>;

export const sharingRequests = {
  'sharing.status': request('Whether the host shares now and why, the signals, and how fast the GPU came back.', NoParams, SharingStatusSchema),
  'sharing.mode.set': request(
    'Set the sharing mode (auto: share while the rules allow; always; never), kept across restarts.',
    z.object({ mode: z.enum(SHARING_MODES) }).strict(),
    SharingStatusSchema,
  ),
};

export const sharingEvents = {
  'sharing.changed': event('The sharing decision, its reason or the signals changed, or the GPU was given back.', SharingStatusSchema),
};
