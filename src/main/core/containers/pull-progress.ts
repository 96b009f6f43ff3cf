import type { PullMessage } from './ports';

/** One progress figure for a whole pull, summed over its layers. */
export interface PullProgress {
  layers: number;
  layersDone: number;
  /** Bytes downloaded so far, over all layers. */
  downloadedBytes: number;
  /** Bytes to download, over the layers whose size the registry has told us. */
  totalBytes: number;
  /** 0 to 100: download and extraction together; 100 only once every layer is complete. */
  percent: number;
}

interface LayerState {
  downloaded: number;
  extracted: number;
  total: number;
  done: boolean;
}

const DIGEST_LINE = /^Digest: (sha256:[a-f0-9]{64})$/;

/**
 * Folds the engine's per-layer pull messages into one progress figure, notices in-band errors (the engine
 * answers 200 and then reports the failure inside the stream) and remembers the manifest digest.
 */
export class PullProgressTracker {
  private readonly layers = new Map<string, LayerState>();
  private digestSeen: string | null = null;
  private errorSeen: string | null = null;

  /** Applies one message; returns true when the progress figure changed. */
  apply(message: PullMessage): boolean {
    if (message.error || message.errorDetail?.message) {
      this.errorSeen ??= message.errorDetail?.message || message.error || 'unknown pull error';
      return false;
    }
    const status = message.status ?? '';
    const digest = DIGEST_LINE.exec(status);
    if (digest?.[1]) {
      this.digestSeen = digest[1];
      return false;
    }
    // Lines without a layer id ("Pulling from ...", "Status: ...") say nothing about progress.
    if (!message.id || status.startsWith('Pulling from')) return false;
    const layer = this.layer(message.id);
    const current = message.progressDetail?.current ?? 0;
    const total = message.progressDetail?.total ?? 0;
    switch (status) {
      case 'Downloading':
        layer.downloaded = current;
        if (total > 0) layer.total = total;
        return true;
      case 'Download complete':
      case 'Verifying Checksum':
        layer.downloaded = layer.total;
        return true;
      case 'Extracting':
        if (total > 0) layer.total = total;
        layer.downloaded = layer.total;
        layer.extracted = current;
        return true;
      case 'Pull complete':
      case 'Already exists':
        layer.done = true;
        layer.downloaded = layer.total;
        layer.extracted = layer.total;
        return true;
      default:
        return status === 'Pulling fs layer' || status === 'Waiting';
    }
  }

  /** The in-band error message, when the stream reported one. */
  get error(): string | null {
    return this.errorSeen;
  }

  /** The manifest digest (`sha256:...`) the engine reported, if it did. */
  get digest(): string | null {
    return this.digestSeen;
  }

  snapshot(): PullProgress {
    let downloaded = 0;
    let extracted = 0;
    let total = 0;
    let done = 0;
    let unsized = 0;
    for (const layer of this.layers.values()) {
      if (layer.done) done += 1;
      else if (layer.total === 0) unsized += 1;
      downloaded += layer.downloaded;
      extracted += layer.extracted;
      total += layer.total;
    }
    const count = this.layers.size;
    let percent: number;
    if (count > 0 && done === count) percent = 100;
    else if (total === 0) percent = 0;
    else {
      // Layers whose size is not known yet count as not started; never claim 100 before the end.
      const sizedShare = (count - unsized) / Math.max(count, 1);
      percent = Math.min(99, Math.floor(((downloaded + extracted) / (2 * total)) * 100 * sizedShare));
    }
    return { layers: count, layersDone: done, downloadedBytes: downloaded, totalBytes: total, percent };
  }

  private layer(id: string): LayerState {
    let layer = this.layers.get(id);
    if (!layer) {
      layer = { downloaded: 0, extracted: 0, total: 0, done: false };
      this.layers.set(id, layer);
    }
    return layer;
  }
}
