import { ContainerError } from './errors';
import type { VolumeStore } from './ports';

/**
 * Only volumes this installation made (they carry its labels, `scope`) may be mounted: never another app's
 * volume, which could be a bind of any host folder in disguise. A foreign volume is `forbidden`, a missing one
 * `not_found`.
 */
export async function checkVolumesOwned(engine: VolumeStore, scope: Record<string, string>, volumes: Array<{ name: string }>): Promise<void> {
  if (volumes.length === 0) return;
  const owned = new Set((await engine.listVolumes(scope)).map((v) => v.name));
  for (const volume of volumes) {
    if (owned.has(volume.name)) continue;
    if (await engine.volumeExists(volume.name)) {
      throw new ContainerError(
        'forbidden',
        `The job asks for the volume "${volume.name}", which GridHost did not create on this machine.`,
        'A job may mount only the model volumes GridHost made for it; the job is refused.',
      );
    }
    throw new ContainerError('not_found', `The model volume "${volume.name}" does not exist.`, 'Its model must be downloaded before the job starts; the job is refused.');
  }
}
