/**
 * The narrow ports of the container supervisor. The engine speaks the Docker Engine API (Docker, Docker
 * Desktop, and Podman's Docker-compatible socket), so the create body below is that API's JSON, typed here
 * for the fields we set; the dockerode adapter sends it as is.
 */

/** Registry credentials for one pull; passed per call, never stored or logged. */
export interface RegistryAuth {
  username: string;
  password: string;
  /** Registry host, e.g. `ghcr.io`. */
  serveraddress?: string;
}

/** One line of the engine's pull progress stream (Docker Engine API `POST /images/create`). */
export interface PullMessage {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  /** An in-band error: the HTTP status was 200 but the pull failed. */
  error?: string;
  errorDetail?: { message?: string };
}

export interface EngineInfo {
  /** `Docker Engine - Community 27.1.1`, `Podman Engine 5.0.0`... */
  product: string;
  version: string;
  apiVersion: string;
  /** Where we connected: a socket path, a named pipe or a URL. */
  endpoint: string;
}

export interface ImageRecord {
  id: string;
  tags: string[];
  /** `name@sha256:...` as pulled from a registry; empty for local builds. */
  repoDigests: string[];
  sizeBytes: number;
  labels: Record<string, string>;
}

/** The Docker Engine API container create body, restricted to what the supervisor sets. */
export interface ContainerCreateBody {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env: string[];
  WorkingDir?: string;
  Labels: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  StopSignal: string;
  HostConfig: {
    Privileged: false;
    CapDrop: string[];
    SecurityOpt: string[];
    ReadonlyRootfs: true;
    Tmpfs: Record<string, string>;
    PidsLimit: number;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    ShmSize: number;
    OomScoreAdj: number;
    Init: true;
    Mounts: Array<{ Type: 'volume'; Source: string; Target: string; ReadOnly: boolean }>;
    LogConfig: { Type: 'json-file'; Config: Record<string, string> };
    RestartPolicy: { Name: 'no' };
    NetworkMode: string;
    /** Upstream DNS servers of Docker's embedded resolver (the job network's: `UNROUTABLE_DNS`). */
    Dns?: string[];
    PortBindings?: Record<string, Array<{ HostIp: string; HostPort: string }>>;
    DeviceRequests?: Array<{ Driver: string; Count: number; DeviceIDs?: string[]; Capabilities: string[][] }>;
  };
  /** The container's names on the network it is created on (its job's network: `job-network.ts`). */
  NetworkingConfig?: { EndpointsConfig: Record<string, { Aliases: string[] }> };
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  labels: Record<string, string>;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead' | string;
}

export interface ContainerState {
  id: string;
  running: boolean;
  exitCode: number | null;
  oomKilled: boolean;
  /** Host ports by `port/proto`, filled once the container runs and publishes ports. */
  hostPorts: Record<string, number>;
  /** The container's IPv4 address on each network it is attached to, by network name (once it runs). */
  addresses: Record<string, string>;
}

export interface VolumeSummary {
  name: string;
  labels: Record<string, string>;
}

export interface NetworkSummary {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/** A container lifecycle event from the engine's event stream. */
export interface EngineContainerEvent {
  action: 'start' | 'die' | 'oom' | 'destroy' | string;
  containerId: string;
  labels: Record<string, string>;
  /** For `die`: the exit code. */
  exitCode: number | null;
  timeMs: number;
}

/** Demultiplexed container output, in arrival order. */
export interface LogChunk {
  stream: 'stdout' | 'stderr';
  data: Uint8Array;
}

/**
 * Receives container output. Returning a promise applies backpressure: the adapter stops reading from the
 * engine until it settles, so a flooding container cannot grow the host's memory.
 */
export type LogConsumer = (chunks: LogChunk[]) => void | Promise<void>;

export interface Subscription {
  close(): void;
}

/*
 * The engine, split by what its users call. The dockerode adapter implements all of these in one class; every
 * method maps engine errors to ContainerError.
 */

/** Whether the engine answers, and its container event stream: the engine monitor's view. */
export interface EngineConnection {
  /** (Re)connects and says which engine answered. */
  ping(): Promise<EngineInfo>;
  /**
   * Subscribes to container events carrying the given labels. `onEnd` is called once when the stream ends
   * or fails (usually: the engine went away).
   */
  subscribeContainerEvents(
    labels: Record<string, string>,
    onEvent: (event: EngineContainerEvent) => void,
    onEnd: (err: Error | null) => void,
  ): Promise<Subscription>;
}

/** The engine's images. */
export interface ImageStore {
  /** Pulls an image, calling `onMessage` for each progress line; resolves when the stream ends. */
  pull(reference: string, auth: RegistryAuth | null, onMessage: (message: PullMessage) => void): Promise<void>;
  /** The image, or null when the engine does not have it. */
  inspectImage(reference: string): Promise<ImageRecord | null>;
  listImages(): Promise<ImageRecord[]>;
  removeImage(id: string): Promise<void>;
}

/** The lifecycle of containers. */
export interface ContainerRuntime {
  createContainer(name: string, body: ContainerCreateBody): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Sends a signal; resolves quietly when the container is not running. */
  killContainer(id: string, signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Resolves with the exit code once the container is not running (at once if it already stopped). */
  waitContainer(id: string): Promise<number>;
  /** The container's state, or null when it does not exist. */
  inspectContainer(id: string): Promise<ContainerState | null>;
  /** Removes the container and its anonymous volumes; resolves quietly when it is already gone. */
  removeContainer(id: string): Promise<void>;
  /** All containers (running or not) carrying every given label. */
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
  /**
   * Attaches to a created (not yet started) container's stdout and stderr, so that nothing is missed, and
   * streams them demultiplexed to `consume`. Resolves once attached; `ended` settles when the container's
   * output ends. While `consume` holds a batch, the engine's copy blocks and the container's writes wait:
   * the container cannot print faster than GridHost can store.
   */
  attachOutput(id: string, consume: LogConsumer): Promise<{ ended: Promise<void> }>;
}

/** Named volumes (a job's model data). */
export interface VolumeStore {
  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  volumeExists(name: string): Promise<boolean>;
  listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]>;
  removeVolume(name: string): Promise<void>;
}

/**
 * `isolated`: a job's own network (`job-network.ts`). Internal (no route out) and without any address of the host
 * on it, so the job cannot reach the host, its gateway, the LAN or another job; only the job's ops and their port
 * proxies join it.
 * `published`: the port proxy's other network, an ordinary bridge on which its ports are published on
 * 127.0.0.1; its containers cannot talk to each other.
 */
export type NetworkKind = 'isolated' | 'published';

export interface NetworkStore {
  createNetwork(name: string, labels: Record<string, string>, kind: NetworkKind): Promise<string>;
  /** Attaches a created (not yet started) container to one more network. */
  connectNetwork(networkId: string, containerId: string): Promise<void>;
  listNetworks(labels: Record<string, string>): Promise<NetworkSummary[]>;
  removeNetwork(id: string): Promise<void>;
}

/**
 * Resolves a registry's host name to its addresses (IPv4 and IPv6), so that a pull from a registry on this
 * computer or the local network is refused before the engine is asked (`registry-policy.ts`).
 */
export interface RegistryHostResolver {
  resolve(host: string): Promise<string[]>;
}

/** One short-lived utility container (the GPU probe, the GPU benchmark): run to completion, output collected. */
export interface UtilityRunOptions {
  image: string;
  /** The entrypoint and command; the image's own when absent. */
  entrypoint?: string[];
  cmd?: string[];
  /** The container's name prefix (a random suffix keeps two runs apart) and its `gridhost.job` label. */
  name: string;
  env?: string[];
  /** Ask the engine for every GPU (the `--gpus all` device request). Only stand-in images in tests run without. */
  requestGpus: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Each complete line of output (stdout and stderr), as it arrives. */
  onLine?: (line: string) => void;
}

/** How a utility run ended; output is kept (capped) in every case. */
export type UtilityRunResult =
  | { kind: 'exited'; exitCode: number; output: string }
  /** Create or start was refused; `message` is the engine's own words. */
  | { kind: 'refused'; message: string; engineUnavailable: boolean }
  | { kind: 'timed-out'; output: string }
  | { kind: 'aborted'; output: string };

/** Runs utility containers (implemented by the container supervisor: the same hardening and clean-up as jobs). */
export interface UtilityContainers {
  runUtility(options: UtilityRunOptions): Promise<UtilityRunResult>;
}

/** A per-job log file with a size cap. */
export interface JobLogWriter {
  /** Appends; the promise settles when the bytes are handed to the OS (backpressure for floods). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Opens the log file of one op of one job. */
export interface JobLogFiles {
  open(jobId: string, opId: string): Promise<JobLogWriter>;
}
