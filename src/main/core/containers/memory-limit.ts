/** Share of the machine's memory a job container gets when the owner has not set a limit. */
export const DEFAULT_MEMORY_SHARE = 0.5;
/** The most of the machine's memory a job container may get even when the owner asks for more: the OS keeps the rest. */
export const MAX_MEMORY_SHARE = 0.9;
/** Below this a container hardly starts (and the tmpfs and /dev/shm sizes are derived from it). */
export const MIN_MEMORY_MIB = 512;

/**
 * The memory limit (RAM and swap together) of a job container, in MiB: `containers.memoryMiB` when the owner
 * set it, capped at 90% of the machine's memory; otherwise half the machine's memory. Never below 512 MiB.
 */
export function jobMemoryMiB(settingMiB: number | null, machineMiB: number): number {
  const wanted = settingMiB ?? Math.floor(machineMiB * DEFAULT_MEMORY_SHARE);
  return Math.max(MIN_MEMORY_MIB, Math.min(wanted, Math.floor(machineMiB * MAX_MEMORY_SHARE)));
}
