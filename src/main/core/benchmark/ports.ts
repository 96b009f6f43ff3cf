/** Raw measurements of this machine; the BenchmarkService repeats them and summarises. */
export interface MachineMeasurements {
  /** Writes then reads back `bytes` in a scratch file inside `dir` (flushed to disk), in MB/s. */
  disk(dir: string, bytes: number, signal: AbortSignal): Promise<{ writeMBps: number; readMBps: number }>;
  /** Large-buffer copy throughput, in GB/s. */
  memoryCopy(signal: AbortSignal): Promise<number>;
  /** SHA-256 throughput on one core and on all cores together, in MB/s. */
  cpu(signal: AbortSignal): Promise<{ singleCoreMBps: number; allCoresMBps: number }>;
}

/** The grid's speed-test endpoints (GET /v1/speedtest/ping, GET /v1/speedtest/download?bytes=N, POST /v1/speedtest/upload). */
export interface SpeedTestClient {
  /** One round trip, in milliseconds. */
  ping(signal: AbortSignal): Promise<number>;
  /** Downloads `bytes`, returning how many arrived and how long it took (ms). */
  download(bytes: number, signal: AbortSignal): Promise<{ bytes: number; ms: number }>;
  /** Uploads `bytes`, returning how long it took (ms). */
  upload(bytes: number, signal: AbortSignal): Promise<{ ms: number }>;
}

/** Builds a container image from a folder of sources (a Dockerfile and what it copies). */
export interface ImageBuilder {
  /** Builds `folder` as `tag`; rejects with the engine's own message when a build step fails. */
  build(folder: string, tag: string, signal: AbortSignal): Promise<void>;
}
