/*
 * A job's environment reaches its processes, but the container runtime reads some variables too: the NVIDIA
 * Container Toolkit takes `NVIDIA_VISIBLE_DEVICES` (which GPUs), `NVIDIA_DRIVER_CAPABILITIES` (which driver
 * libraries), `NVIDIA_REQUIRE_*`, `NVIDIA_DISABLE_REQUIRE`, `NVIDIA_MIG_*`, `NVIDIA_IMEX_CHANNELS`... from the
 * container's environment, and on an engine whose default runtime is `nvidia` that alone hands the GPUs over.
 * The AMD container toolkit reads `AMD_VISIBLE_DEVICES` the same way. So those never come from the job: the
 * whole `NVIDIA_` namespace (the toolkit adds names to it with new releases) and `AMD_VISIBLE_DEVICES`. A GPU is
 * granted only through the create body's device request. Variables read inside the container only, such as
 * `CUDA_VISIBLE_DEVICES`, can narrow but never widen what the container was given, and are kept.
 */

const RUNTIME_NAMES = new Set(['AMD_VISIBLE_DEVICES']);

/** True for a variable the container runtime reads to decide what devices the container gets. */
export function isRuntimeControl(name: string): boolean {
  return name.startsWith('NVIDIA_') || RUNTIME_NAMES.has(name);
}

/** The names of a job's variables that `containerEnvironment` drops (for the log). */
export function droppedRuntimeVariables(env: Record<string, string>): string[] {
  return Object.keys(env).filter(isRuntimeControl);
}

/**
 * The container's `Env`: the job's variables without the runtime's. Without a GPU request it ends with
 * `NVIDIA_VISIBLE_DEVICES=void`, which tells a default `nvidia` runtime to behave like runc (no GPU, no driver
 * libraries), overriding the `ENV NVIDIA_VISIBLE_DEVICES=all` that CUDA base images carry.
 */
export function containerEnvironment(env: Record<string, string>, gpus: 'none' | 'all' | string[]): string[] {
  const kept = Object.entries(env)
    .filter(([name]) => !isRuntimeControl(name))
    .map(([name, value]) => `${name}=${value}`);
  return gpus === 'none' ? [...kept, 'NVIDIA_VISIBLE_DEVICES=void'] : kept;
}
