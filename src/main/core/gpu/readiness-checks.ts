import type { ReadinessCheck, SystemSnapshot } from '../../../shared/contract/gpu';
import { CATALOGUE_RULES } from './catalogue';
import type { GpuDetection } from './gpu-detector';
import type { EngineProbe, GpuContainerProbe } from './ports';
import { compareVersions } from './version-order';

/** Everything the checks judge, gathered by the DetectionService. */
export interface ReadinessInputs {
  platform: NodeJS.Platform;
  detection: GpuDetection;
  system: SystemSnapshot;
  engine: EngineProbe;
  /** null when it was not attempted (no engine to run it on). */
  gpuContainer: GpuContainerProbe | null;
  toolkitVersion: string | null;
  /** Windows only; null elsewhere. */
  windows: {
    wsl2: { installed: boolean; defaultVersion: number | null; detail: string } | null;
    virtualization: boolean | null;
  } | null;
}

/** Fixes the CVE-2025-23266 / CVE-2025-23267 container escapes. */
export const MIN_TOOLKIT_VERSION = '1.17.8';
/** The first Docker Engine with GPU device requests (`--gpus`). */
export const MIN_DOCKER_VERSION = '19.03';
/** 8 GB of RAM, as the OS reports it (decimal bytes; an 8 GiB machine reports a little above this). */
export const MIN_RAM_BYTES = 8e9;
const GB = 1e9;
// Boards report slightly less than their nominal VRAM (a 16 GB card shows 16376 MiB), so allow 3 %.
const VRAM_TOLERANCE = 0.97;

const TOOLKIT_INSTALL_LINUX = [
  'curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey | sudo gpg --dearmor -o /usr/share/keyrings/nvidia-container-toolkit-keyring.gpg',
  "curl -sL https://nvidia.github.io/libnvidia-container/stable/deb/nvidia-container-toolkit.list | sed 's#deb https://#deb [signed-by=/usr/share/keyrings/nvidia-container-toolkit-keyring.gpg] https://#g' | sudo tee /etc/apt/sources.list.d/nvidia-container-toolkit.list",
  'sudo apt-get update && sudo apt-get install -y nvidia-container-toolkit',
  'sudo nvidia-ctk runtime configure --runtime=docker',
  'sudo systemctl restart docker',
].join('\n');

const TOOLKIT_WINDOWS =
  'In Docker Desktop open Settings > General and turn on "Use the WSL 2 based engine", then Settings > Resources > ' +
  'WSL integration; update the NVIDIA Windows driver (it carries the WSL GPU driver) and restart Docker Desktop.';

const check = (id: string, title: string, status: ReadinessCheck['status'], message: string, fix: string | null): ReadinessCheck => ({
  id,
  title,
  status,
  message,
  fix: status === 'pass' ? null : fix,
});

/** The NVIDIA driver: present, and at least the version CUDA 12 containers need (gpus.md). */
export function driverCheck({ detection, platform }: Pick<ReadinessInputs, 'detection' | 'platform'>): ReadinessCheck {
  const title = 'NVIDIA driver';
  const smi = detection.nvidiaSmi;
  if (smi.state !== 'ok') return check('nvidia-driver', title, 'fail', smi.message ?? 'nvidia-smi failed.', smi.fix);
  const version = detection.gpus[0]?.driverVersion ?? null;
  if (version === null) return check('nvidia-driver', title, 'fail', 'No GPU reported a driver version.', smi.fix);
  const windows = platform === 'win32';
  const minimum = windows ? CATALOGUE_RULES.minDriver.win32 : CATALOGUE_RULES.minDriver.linux;
  const update = windows
    ? 'Install the current Game Ready or Studio driver from nvidia.com/drivers (or the NVIDIA app), then restart.'
    : 'Install a current driver: `sudo ubuntu-drivers install` (Ubuntu) or your distribution\'s nvidia-driver-550 (or newer) package, then reboot.';
  if (compareVersions(version, minimum) < 0) {
    return check('nvidia-driver', title, 'fail', `Driver ${version} is older than ${minimum} and cannot run CUDA 12 containers.`, update);
  }
  if (compareVersions(version, CATALOGUE_RULES.recommendedDriver) < 0) {
    return check('nvidia-driver', title, 'warn', `Driver ${version} works, but some jobs need ${CATALOGUE_RULES.recommendedDriver} or newer.`, update);
  }
  return check('nvidia-driver', title, 'pass', `Driver ${version} is installed.`, null);
}

/** At least one GPU of the catalogue. */
export function gpuSupportedCheck({ detection }: Pick<ReadinessInputs, 'detection'>): ReadinessCheck {
  const title = 'Supported GPU';
  if (detection.nvidiaSmi.state !== 'ok') {
    return check('gpu-supported', title, 'fail', 'No NVIDIA GPU could be read.', 'Fix the NVIDIA driver check first, then check again.');
  }
  const supported = detection.gpus.filter((g) => g.supported);
  const unsupported = detection.gpus.filter((g) => !g.supported);
  if (supported.length === 0) {
    const reasons = unsupported.map((g) => g.reason).join(' ');
    return check('gpu-supported', title, 'fail', reasons || 'No GPU was found.', 'GridHost needs a GeForce RTX 30, 40 or 50 series, an RTX A-series, an A40, A100 or H100.');
  }
  const names = supported.map((g) => `${g.name} (${g.market})`).join(', ');
  const ignored = unsupported.length > 0 ? ` Not used: ${unsupported.map((g) => g.name).join(', ')}.` : '';
  return check('gpu-supported', title, 'pass', `Supported: ${names}.${ignored}`, null);
}

/** The largest supported GPU has the VRAM every market needs. */
export function vramCheck({ detection }: Pick<ReadinessInputs, 'detection'>): ReadinessCheck {
  const title = 'GPU memory';
  const min = CATALOGUE_RULES.minVramGiB;
  const candidates = detection.gpus.filter((g) => g.supported);
  if (candidates.length === 0) {
    return check('gpu-vram', title, 'fail', `No supported GPU to measure (at least ${min} GiB is needed).`, 'Fix the Supported GPU check first.');
  }
  const best = candidates.reduce((a, b) => (b.vramMiB > a.vramMiB ? b : a));
  const gib = (best.vramMiB / 1024).toFixed(1);
  if (best.vramMiB < min * 1024 * VRAM_TOLERANCE) {
    return check('gpu-vram', title, 'fail', `${best.name} has ${gib} GiB; every market needs at least ${min} GiB.`, `Use a GPU with at least ${min} GiB of memory.`);
  }
  return check('gpu-vram', title, 'pass', `${best.name} has ${gib} GiB (at least ${min} GiB needed).`, null);
}

/** A Docker engine answers, new enough to hand containers a GPU. */
export function engineCheck({ engine, platform }: Pick<ReadinessInputs, 'engine' | 'platform'>): ReadinessCheck {
  const title = 'Docker engine';
  const desktop = platform === 'win32' || platform === 'darwin';
  if (engine.reachable) {
    if (compareVersions(engine.version, MIN_DOCKER_VERSION) < 0) {
      return check('docker-engine', title, 'fail', `Docker ${engine.version} is too old to give containers a GPU (${MIN_DOCKER_VERSION} or newer needed).`,
        desktop ? 'Update Docker Desktop (Settings > Software updates).' : 'Update Docker Engine: `curl -fsSL https://get.docker.com | sh`.');
    }
    return check('docker-engine', title, 'pass', `${engine.product} ${engine.version} answers at ${engine.endpoint}.`, null);
  }
  const fixes: Record<typeof engine.reason, string> = {
    'not-installed': desktop
      ? 'Install Docker Desktop from docker.com/products/docker-desktop, choose the WSL 2 backend, and start it.'
      : 'Install Docker Engine: `curl -fsSL https://get.docker.com | sh`, then `sudo usermod -aG docker $USER` and log out and back in.',
    'not-running': desktop ? 'Start Docker Desktop and wait until it says "Engine running".' : 'Start Docker: `sudo systemctl enable --now docker`.',
    'permission-denied': 'Allow your user to use Docker: `sudo usermod -aG docker $USER`, then log out and back in.',
    other: desktop ? 'Restart Docker Desktop.' : 'Restart Docker: `sudo systemctl restart docker`; see `journalctl -u docker` for its error.',
  };
  return check('docker-engine', title, 'fail', `Docker is not reachable at ${engine.endpoint}: ${engine.message}`, fixes[engine.reason]);
}

/** A container with the GPU device request really sees the GPU; a failure says which part is missing. */
export function gpuContainerCheck({ gpuContainer, platform }: Pick<ReadinessInputs, 'gpuContainer' | 'platform'>): ReadinessCheck {
  const title = 'GPU inside containers';
  if (gpuContainer === null) {
    return check('gpu-container', title, 'fail', 'Not tested: Docker is not reachable.', 'Fix the Docker engine check first, then check again.');
  }
  if (gpuContainer.usable) return check('gpu-container', title, 'pass', `A test container sees the GPU (${gpuContainer.output}).`, null);
  const windows = platform === 'win32';
  switch (gpuContainer.reason) {
    case 'no-nvidia-runtime':
      return check('gpu-container', title, 'fail',
        `Docker cannot give containers the GPU (${gpuContainer.message}): the NVIDIA Container Toolkit is not installed or not configured for Docker.`,
        windows ? TOOLKIT_WINDOWS : `Install and configure the NVIDIA Container Toolkit:\n${TOOLKIT_INSTALL_LINUX}`);
    case 'driver-error':
      return check('gpu-container', title, 'fail',
        `The test container could not use the GPU: ${gpuContainer.message}`,
        windows ? TOOLKIT_WINDOWS : 'Restart the computer; then reconfigure Docker\'s NVIDIA runtime: `sudo nvidia-ctk runtime configure --runtime=docker && sudo systemctl restart docker`.');
    case 'image-unavailable':
      return check('gpu-container', title, 'fail', `The test container could not start: ${gpuContainer.message}`,
        'Connect to the internet so that GridHost can fetch its small test image, then check again.');
    case 'engine-unreachable':
      return check('gpu-container', title, 'fail', `Not tested: ${gpuContainer.message}`, 'Fix the Docker engine check first, then check again.');
    case 'other':
      return check('gpu-container', title, 'fail', `The test container failed: ${gpuContainer.message}`,
        'Check again; if it keeps failing, export a support bundle from the Logs page and send it to us.');
  }
}

/** The NVIDIA Container Toolkit's version, where it can be read. */
export function toolkitCheck({ toolkitVersion, gpuContainer, platform }: Pick<ReadinessInputs, 'toolkitVersion' | 'gpuContainer' | 'platform'>): ReadinessCheck {
  const title = 'NVIDIA Container Toolkit';
  const upgrade = 'Upgrade it: `sudo apt-get update && sudo apt-get install --only-upgrade nvidia-container-toolkit && sudo systemctl restart docker`.';
  if (toolkitVersion === null) {
    if (gpuContainer?.usable) {
      return check('container-toolkit', title, 'pass', 'Its version cannot be read on this system (Docker Desktop manages it), and containers reach the GPU.', null);
    }
    const fix =
      gpuContainer?.usable === false && gpuContainer.reason === 'no-nvidia-runtime'
        ? 'Install it with the commands under "GPU inside containers".'
        : platform === 'win32'
          ? TOOLKIT_WINDOWS
          : `Install it:\n${TOOLKIT_INSTALL_LINUX}`;
    return check('container-toolkit', title, 'warn', 'The NVIDIA Container Toolkit was not found (`nvidia-ctk --version` did not answer).', fix);
  }
  if (compareVersions(toolkitVersion, MIN_TOOLKIT_VERSION) < 0) {
    return check('container-toolkit', title, 'warn',
      `Version ${toolkitVersion} has known container-escape flaws, fixed in ${MIN_TOOLKIT_VERSION}.`, upgrade);
  }
  return check('container-toolkit', title, 'pass', `Version ${toolkitVersion}.`, null);
}

/** Free space where the data folder (and so the job images' budget) lives. */
export function diskCheck({ system }: Pick<ReadinessInputs, 'system'>): ReadinessCheck {
  const title = 'Free disk space';
  const min = CATALOGUE_RULES.minFreeDiskGB;
  if (system.diskFreeBytes === null) {
    return check('disk-free', title, 'warn', `Could not read the free space of ${system.dataDir}.`, `Make sure the drive holding ${system.dataDir} has at least ${min} GB free.`);
  }
  const gb = (system.diskFreeBytes / GB).toFixed(1);
  if (system.diskFreeBytes < min * GB) {
    return check('disk-free', title, 'fail', `Only ${gb} GB free where GridHost keeps its data (${system.dataDir}); job images need at least ${min} GB.`,
      `Free at least ${(min - system.diskFreeBytes / GB).toFixed(1)} GB on that drive (empty the trash, remove unused games or \`docker system prune\`), or move the data folder to a bigger drive in Settings.`);
  }
  return check('disk-free', title, 'pass', `${gb} GB free in ${system.dataDir}.`, null);
}

/** Installed memory. */
export function ramCheck({ system }: Pick<ReadinessInputs, 'system'>): ReadinessCheck {
  const title = 'Memory (RAM)';
  if (system.ramBytes === null) return check('ram', title, 'warn', 'Could not read the amount of RAM.', 'GridHost needs at least 8 GB of RAM.');
  const gb = (system.ramBytes / GB).toFixed(1);
  if (system.ramBytes < MIN_RAM_BYTES) {
    return check('ram', title, 'fail', `${gb} GB of RAM; jobs need at least 8 GB.`, 'Add memory so that the machine has at least 8 GB of RAM.');
  }
  return check('ram', title, 'pass', `${gb} GB of RAM.`, null);
}

/** Windows only: hardware virtualization and WSL 2, which Docker Desktop's GPU support needs. */
export function windowsChecks({ windows }: Pick<ReadinessInputs, 'windows'>): ReadinessCheck[] {
  if (windows === null) return [];
  const checks: ReadinessCheck[] = [];
  const virt = windows.virtualization;
  checks.push(
    virt === true
      ? check('virtualization', 'Virtualization', 'pass', 'Hardware virtualization is on.', null)
      : check('virtualization', 'Virtualization', virt === false ? 'fail' : 'warn',
          virt === false ? 'Hardware virtualization is off; WSL 2 and Docker Desktop need it.' : 'Could not tell whether hardware virtualization is on.',
          'Restart into the BIOS/UEFI setup and turn on Intel VT-x ("Intel Virtualization Technology") or AMD SVM, save and restart; Task Manager > Performance > CPU then shows "Virtualization: Enabled".'),
  );
  const wsl = windows.wsl2;
  if (wsl === null) {
    checks.push(check('wsl2', 'WSL 2', 'warn', 'Could not read the WSL status (`wsl --status`).', 'In an administrator PowerShell run `wsl --install`, then restart.'));
  } else if (!wsl.installed) {
    checks.push(check('wsl2', 'WSL 2', 'fail', `WSL is not installed (${wsl.detail}); Docker Desktop needs WSL 2 for GPU containers.`, 'In an administrator PowerShell run `wsl --install`, then restart the computer.'));
  } else if (wsl.defaultVersion !== null && wsl.defaultVersion !== 2) {
    checks.push(check('wsl2', 'WSL 2', 'fail', `WSL's default version is ${wsl.defaultVersion}; GPU containers need WSL 2.`, 'In PowerShell run `wsl --set-default-version 2`, then restart Docker Desktop.'));
  } else {
    checks.push(check('wsl2', 'WSL 2', 'pass', 'WSL 2 is installed.', null));
  }
  return checks;
}

/** Every readiness check, in the order a person fixes them. */
export function readinessChecks(inputs: ReadinessInputs): ReadinessCheck[] {
  return [
    driverCheck(inputs),
    gpuSupportedCheck(inputs),
    vramCheck(inputs),
    ...windowsChecks(inputs),
    engineCheck(inputs),
    gpuContainerCheck(inputs),
    toolkitCheck(inputs),
    diskCheck(inputs),
    ramCheck(inputs),
  ];
}

/** Eligible only when a supported GPU is found and no check failed. */
export function isEligible(detection: GpuDetection, checks: readonly ReadinessCheck[]): boolean {
  return detection.gpus.some((g) => g.supported) && checks.every((c) => c.status !== 'fail');
}
