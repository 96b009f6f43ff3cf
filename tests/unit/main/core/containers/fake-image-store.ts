import { ContainerError } from '../../../../../src/main/core/containers/errors';
import type { ImageRecord, ImageStore, PullMessage, RegistryAuth } from '../../../../../src/main/core/containers/ports';

/** An in-memory image store for unit tests of the core (a fake of the port, not of Docker). */
export class FakeImageStore implements ImageStore {
  up = true;
  images: ImageRecord[] = [];
  pullScript: PullMessage[] = [];
  pulls: Array<{ reference: string; auth: RegistryAuth | null }> = [];
  removedImages: string[] = [];
  /** Image ids whose removal the engine refuses (a conflict). */
  refuseRemoval = new Set<string>();

  protected check(): void {
    if (!this.up) throw new ContainerError('engine_unavailable', 'The fake engine is down.', 'Start it.');
  }

  async pull(reference: string, auth: RegistryAuth | null, onMessage: (m: PullMessage) => void): Promise<void> {
    this.check();
    this.pulls.push({ reference, auth });
    for (const m of this.pullScript) onMessage(m);
    if (!this.pullScript.some((m) => m.error)) this.addImage(reference, 1000);
  }
  addImage(tag: string, sizeBytes: number): ImageRecord {
    const image: ImageRecord = { id: `sha256:${tag}`, tags: [tag], repoDigests: [], sizeBytes, labels: {} };
    this.images.push(image);
    return image;
  }
  async inspectImage(reference: string): Promise<ImageRecord | null> {
    this.check();
    return this.images.find((i) => i.tags.includes(reference) || i.id === reference) ?? null;
  }
  async listImages(): Promise<ImageRecord[]> {
    this.check();
    return [...this.images];
  }
  async removeImage(id: string): Promise<void> {
    if (this.refuseRemoval.has(id)) throw new ContainerError('engine_error', 'conflict', 'in use');
    this.images = this.images.filter((i) => i.id !== id);
    this.removedImages.push(id);
  }
}
