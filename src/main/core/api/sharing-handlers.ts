import type { SharingService } from '../sharing/sharing-service';
import type { ApiHandlers } from './dispatcher';

type SharingHandlers = Pick<ApiHandlers, 'sharing.status' | 'sharing.mode.set'>;

export function sharingHandlers({ sharing }: { sharing: SharingService }): SharingHandlers {
  return {
    'sharing.status': () => sharing.status(),
    'sharing.mode.set': ({ mode }) => sharing.setMode(mode),
  };
}
