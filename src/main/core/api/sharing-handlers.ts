import type { GpuLiveSampler } from '../gpu/gpu-live-sampler';
import type { SharingService } from '../sharing/sharing-service';
import type { ApiHandlers } from './dispatcher';

type SharingHandlers = Pick<ApiHandlers, 'sharing.status' | 'sharing.mode.set' | 'gpu.live'>;

/** Sharing, and the live GPU figures its rules (and the owner) watch. */
export function sharingHandlers({ sharing, gpuLive }: { sharing: SharingService; gpuLive: GpuLiveSampler }): SharingHandlers {
  return {
    'gpu.live': () => gpuLive.read(),
    'sharing.status': () => sharing.status(),
    'sharing.mode.set': ({ mode }) => sharing.setMode(mode),
  };
}
