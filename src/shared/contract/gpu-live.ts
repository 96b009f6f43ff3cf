import { z } from 'zod';
import { request } from './define';

/** One GPU now, as nvidia-smi reads it; a figure the driver does not give is null. */
export const GpuLiveReadingSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  temperatureC: z.number().nullable(),
  powerDrawW: z.number().nullable(),
  utilizationPercent: z.number().nullable(),
  memoryUsedMiB: z.number().nullable(),
  memoryTotalMiB: z.number().nullable(),
});

export const GpuLiveSchema = z.object({
  /** When it was read (ISO). */
  at: z.string(),
  gpus: z.array(GpuLiveReadingSchema),
  /** Why nothing could be read (no nvidia-smi, a driver that does not answer), in the owner's words; else null. */
  problem: z.string().nullable(),
});
export type GpuLive = z.infer<typeof GpuLiveSchema>;

export const gpuLiveRequests = {
  'gpu.live': request(
    'The GPUs now (temperature, power, utilisation, VRAM in use), read from nvidia-smi at most about once a second; pages ask while they show it.',
    z.object({}).strict(),
    GpuLiveSchema,
  ),
};
