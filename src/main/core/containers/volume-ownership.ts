import { LABEL_JOB } from './container-names';
import { ContainerError } from './errors';
import type { VolumeStore } from './ports';

/**
 * Only volumes this installation made (they carry its labels, `scope`) may be mounted: never another app's
 * volume, which could be a bind of any host folder in disguise. A foreign volume is `forbidden`, a missing one
 * `not_found`.
 */
export async function checkVolumesOwned(
  engine: VolumeStore,
  scope: Record<string, string>,
  volumes: Array<{ name: string; writable?: boolean }>,
  jobId: string,
): Promise<void> {
  if (volumes.length === 0) return;
  const owned = new Map((await engine.listVolumes(scope)).map((v) => [v.name, v.labels]));
  for (const volume of volumes) {
    const labels = owned.get(volume.name);
    // Only the job's own volume (a create-volume op's) may be written: never a model volume another job reads.
    if (labels && volume.writable && labels[LABEL_JOB] !== jobId) {
      throw new ContainerError('forbidden', `The job asks to write to the volume "${volume.name}", which is not its own.`, 'A job may write only to volumes made for it; the job is refused.');
    }
    if (labels) continue;
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
