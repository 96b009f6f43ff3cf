import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { containerName } from '../../core/containers/container-names';
import type { JobLogFiles, JobLogWriter } from '../../core/containers/ports';

/**
 * Per-op log files in one folder: `<container name>.log` and, once that reaches half the cap, the previous
 * half in `<container name>.1.log`. Together they never exceed `maxBytes` and always hold the newest output.
 */
export class RotatingJobLogFiles implements JobLogFiles {
  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {}

  async open(jobId: string, opId: string): Promise<JobLogWriter> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const base = join(this.dir, containerName(jobId, opId));
    return RotatingLogWriter.open(`${base}.log`, `${base}.1.log`, Math.max(1, Math.floor(this.maxBytes / 2)));
  }

  /** Where the current file of an op lives (for the support bundle and `gridhost logs`). */
  pathOf(jobId: string, opId: string): string {
    return join(this.dir, `${containerName(jobId, opId)}.log`);
  }
}

class RotatingLogWriter implements JobLogWriter {
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private handle: FileHandle,
    private size: number,
    private readonly path: string,
    private readonly previousPath: string,
    private readonly halfCap: number,
  ) {}

  static async open(path: string, previousPath: string, halfCap: number): Promise<RotatingLogWriter> {
    const handle = await open(path, 'a', 0o600);
    const { size } = await handle.stat();
    return new RotatingLogWriter(handle, size, path, previousPath, halfCap);
  }

  write(data: Uint8Array): Promise<void> {
    // Serialised: a rotation must not interleave with another write.
    this.chain = this.chain.then(() => this.append(data));
    return this.chain;
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.handle.close();
  }

  private async append(data: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      if (this.size >= this.halfCap) await this.rotate();
      const take = Math.min(this.halfCap - this.size, data.length - offset);
      const { bytesWritten } = await this.handle.write(data, offset, take);
      offset += bytesWritten;
      this.size += bytesWritten;
    }
  }

  private async rotate(): Promise<void> {
    await this.handle.close();
    await rename(this.path, this.previousPath);
    this.handle = await open(this.path, 'w', 0o600);
    this.size = 0;
  }
}
