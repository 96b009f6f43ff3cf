import type { SharingActuator } from './ports';

/** The part of the host loop the sharing controller moves (HostLoop.resumeSharing and release). */
export interface SharingHost {
  resumeSharing(): void;
  release(reason: string, graceMs?: number): { released: Promise<void> };
}

/**
 * The controller's actuator over the host loop. Neither call changes the owner's kept mode: Auto stays Auto
 * while the controller starts and stops the loop. A stop resolves once the job's containers are gone (what the
 * controller times); the quit with the grid and leaving the queue follow.
 */
export function hostSharingActuator(host: SharingHost): SharingActuator {
  return {
    startSharing: () => host.resumeSharing(),
    stopSharing: (reason, graceMs) => host.release(reason, graceMs ?? undefined).released,
  };
}
