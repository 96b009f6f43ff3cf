import { z } from 'zod';
import type { Clock, JsonDocumentStore, Logger } from '../ports';
import { BENCHMARK_IMAGE_REPOSITORY } from './container-names';
import { isContainerError } from './errors';
import type { ContainerRuntime, ImageRecord, ImageStore } from './ports';

const GIB = 1024 ** 3;

const UsageSchema = z.object({
  version: z.literal(1),
  images: z.record(z.string(), z.object({ reference: z.string(), lastUsedMs: z.number() })),
});
type Usage = z.infer<typeof UsageSchema>;

export interface EvictionReport {
  removed: Array<{ id: string; reference: string; sizeBytes: number }>;
  /** Bytes of GridHost's images left on disk. */
  totalBytes: number;
  budgetBytes: number;
  /** Job images that had to stay although over budget: in use, or refused by the engine. */
  keptOverBudget: number;
  /** Still over budget after eviction (images in use, or the benchmark image alone exceeds it). */
  overBudget: boolean;
}

export interface CacheUsage {
  totalBytes: number;
  budgetBytes: number;
  images: Array<{ reference: string; sizeBytes: number; lastUsedAt: string | null; pinned: boolean }>;
}

function isBenchmarkImage(image: ImageRecord): boolean {
  return image.tags.some((t) => t.startsWith(`${BENCHMARK_IMAGE_REPOSITORY}:`) || t.startsWith(`${BENCHMARK_IMAGE_REPOSITORY}@`));
}

/**
 * The images GridHost pulled, with the time each was last used, kept within a disk budget. Only images
 * GridHost itself recorded are ever removed (the owner's own images are not ours to touch); the least
 * recently used go first; never the benchmark image; never an image any container uses.
 */
export class ImageCache {
  private record: Usage | null = null;

  constructor(
    private readonly images: ImageStore,
    /** To know which images a container uses. */
    private readonly containers: Pick<ContainerRuntime, 'listContainers'>,
    private readonly store: JsonDocumentStore,
    private readonly budgetGiB: () => number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Records that a job used this image now. */
  async touch(imageId: string, reference: string): Promise<void> {
    const usage = await this.load();
    usage.images[imageId] = { reference, lastUsedMs: this.clock.now() };
    await this.store.write(usage);
  }

  /** GridHost's images on disk now (job images and the benchmark image), against the budget. */
  async usage(): Promise<CacheUsage> {
    const usage = await this.load();
    const images = (await this.images.listImages()).filter((i) => usage.images[i.id] || isBenchmarkImage(i));
    return {
      totalBytes: images.reduce((sum, i) => sum + i.sizeBytes, 0),
      budgetBytes: Math.floor(this.budgetGiB() * GIB),
      images: images
        .map((i) => {
          const record = usage.images[i.id];
          return {
            reference: record?.reference ?? i.tags[0] ?? i.id,
            sizeBytes: i.sizeBytes,
            lastUsedAt: record ? new Date(record.lastUsedMs).toISOString() : null,
            pinned: isBenchmarkImage(i),
          };
        })
        .sort((a, b) => (b.lastUsedAt ?? '').localeCompare(a.lastUsedAt ?? '')),
    };
  }

  /** Removes every image of GridHost's (job images and the benchmark image): `gridhost cleanup`. Returns their references. */
  async removeAll(): Promise<string[]> {
    const usage = await this.load();
    const ours = (await this.images.listImages()).filter((i) => usage.images[i.id] || isBenchmarkImage(i));
    const removed: string[] = [];
    for (const image of ours) {
      await this.images.removeImage(image.id);
      removed.push(usage.images[image.id]?.reference ?? image.tags[0] ?? image.id);
      delete usage.images[image.id];
    }
    await this.store.write(usage);
    return removed;
  }

  /** Removes least recently used job images until GridHost's images fit the budget. */
  async enforce(): Promise<EvictionReport> {
    const usage = await this.load();
    const budgetBytes = Math.floor(this.budgetGiB() * GIB);
    const images = await this.images.listImages();
    const present = new Set(images.map((i) => i.id));
    for (const id of Object.keys(usage.images)) if (!present.has(id)) delete usage.images[id];

    const ours = images.filter((i) => usage.images[i.id] || isBenchmarkImage(i));
    let totalBytes = ours.reduce((sum, i) => sum + i.sizeBytes, 0);
    const report: EvictionReport = { removed: [], totalBytes, budgetBytes, keptOverBudget: 0, overBudget: false };
    if (totalBytes > budgetBytes) {
      const inUse = new Set((await this.containers.listContainers({})).map((c) => c.imageId));
      const candidates = ours
        .filter((i) => !isBenchmarkImage(i))
        .sort((a, b) => (usage.images[a.id]?.lastUsedMs ?? 0) - (usage.images[b.id]?.lastUsedMs ?? 0));
      for (const image of candidates) {
        if (totalBytes <= budgetBytes) break;
        if (inUse.has(image.id)) {
          report.keptOverBudget += 1;
          continue;
        }
        const reference = usage.images[image.id]?.reference ?? image.tags[0] ?? image.id;
        try {
          await this.images.removeImage(image.id);
        } catch (err) {
          // A container created since we listed, or a tag shared with the owner's images: keep it and go on.
          if (!isContainerError(err)) throw err;
          this.logger.warn('could not remove a cached image', { image: reference, reason: err.message });
          report.keptOverBudget += 1;
          continue;
        }
        delete usage.images[image.id];
        totalBytes -= image.sizeBytes;
        report.removed.push({ id: image.id, reference, sizeBytes: image.sizeBytes });
      }
      report.totalBytes = totalBytes;
      report.overBudget = totalBytes > budgetBytes;
    }
    await this.store.write(usage);
    if (report.removed.length > 0) {
      this.logger.info('image cache trimmed', { removed: report.removed.length, totalBytes, budgetBytes });
    }
    return report;
  }

  private async load(): Promise<Usage> {
    if (this.record) return this.record;
    let raw: unknown = null;
    try {
      raw = await this.store.read();
    } catch (err) {
      const movedTo = await this.store.quarantine();
      this.logger.warn('image cache record unreadable; moved aside and started afresh', { movedTo, reason: (err as Error).message });
    }
    const parsed = UsageSchema.safeParse(raw);
    this.record = parsed.success ? parsed.data : { version: 1, images: {} };
    return this.record;
  }
}
