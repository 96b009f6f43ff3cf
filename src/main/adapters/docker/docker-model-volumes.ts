import { hostLabels, LABEL_ROLE, modelVolumeName } from '../../core/containers/container-names';
import type { ModelVolumes } from '../../core/resources/ports';
import type { DockerEngine } from './docker-engine';

/**
 * The model cache's volumes: `gridhost-model-<host>-<key>` (container-names.ts), a local volume bound to the entry's folder and labelled as this
 * installation's (so the supervisor mounts it, read-only like every model volume, and reconcile may drop it: it is
 * made again from the folder at the next use). Removing one never touches the folder's files.
 */
export class DockerModelVolumes implements ModelVolumes {
  constructor(
    private readonly engine: DockerEngine,
    private readonly hostId: string,
  ) {}

  async ensure(key: string, folder: string): Promise<string> {
    const name = modelVolumeName(this.hostId, key);
    if (!(await this.engine.volumeExists(name))) {
      await this.engine.createVolume(name, { ...hostLabels(this.hostId), [LABEL_ROLE]: 'model-cache' }, folder);
    }
    return name;
  }

  async remove(key: string): Promise<void> {
    await this.engine.removeVolume(modelVolumeName(this.hostId, key));
  }
}
