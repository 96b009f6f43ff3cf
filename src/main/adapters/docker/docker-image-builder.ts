import { readdir } from 'node:fs/promises';
import type { ImageBuilder } from '../../core/benchmark/ports';
import { connectDocker, type ConnectOptions } from './docker-connection';

/** One message of the engine's build stream; a failed step arrives in-band as `error`. */
interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Builds images with the Docker engine's build API from a local folder (e.g. the GPU benchmark's sources). */
export class DockerImageBuilder implements ImageBuilder {
  constructor(private readonly options: ConnectOptions = {}) {}

  async build(folder: string, tag: string, signal: AbortSignal): Promise<void> {
    const { docker } = await connectDocker(this.options);
    const files = await readdir(folder);
    const stream = await docker.buildImage({ context: folder, src: files }, { t: tag, rm: true, forcerm: true, abortSignal: signal });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err: Error | null, messages: BuildMessage[]) => {
          // The engine answers 200 and reports a failed step inside the stream: look there too.
          const failed = messages?.find((m) => m.error || m.errorDetail);
          if (err) reject(err);
          else if (failed) reject(new Error(failed.errorDetail?.message ?? failed.error ?? 'the image build failed'));
          else resolve();
        },
        () => undefined,
      );
    });
  }
}
