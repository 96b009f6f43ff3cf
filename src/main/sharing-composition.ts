import { sessionBus, systemBus } from 'dbus-next';
import { platform } from 'node:os';
import { effectiveSharingMode } from '../shared/settings';
import { DbusClient } from './adapters/dbus/dbus-client';
import { gameModeSource } from './adapters/dbus/gamemode-source';
import { logindIdleSource } from './adapters/dbus/logind-idle-source';
import { DockerOwnProcesses, type ProcessListingEngine } from './adapters/docker/docker-own-processes';
import { powerMonitorBatterySource, powerMonitorIdleSource, type PowerMonitorLike } from './adapters/electron/power-monitor-sources';
import { linuxPowerSupplySource } from './adapters/linux/power-supply-source';
import { procProgramsSource } from './adapters/linux/proc-programs-source';
import { NvidiaSmiGpuReader, nvidiaSmiProcessSource, nvidiaSmiTemperatureSource } from './adapters/nvidia-smi/nvidia-smi-gpu-sources';
import { systemProgramsSource } from './adapters/systeminformation/running-programs-source';
import { windowsNotificationStateSource } from './adapters/windows/notification-state-source';
import { x11FullscreenSource } from './adapters/x11/x11-fullscreen-source';
import { hostLabels } from './core/containers/container-names';
import type { NvidiaSmi } from './core/gpu/ports';
import type { EventBus } from './core/host/event-bus';
import type { HostLoop } from './core/host/host-loop';
import { systemClock, type Logger } from './core/ports';
import type { SettingsService } from './core/settings/settings-service';
import { hostSharingActuator } from './core/sharing/host-sharing-actuator';
import type { SharingSignals } from './core/sharing/ports';
import { SharingController } from './core/sharing/sharing-controller';
import { notifySharingChanges, type DesktopNotifier } from './core/sharing/sharing-notifications';
import { SharingService } from './core/sharing/sharing-service';

/**
 * The sharing part of composition (kept apart from composition.ts for its size): the signal sources that
 * apply to this platform and mode, and the controller that starts and stops the host loop (docs/sharing.md).
 */
export interface SharingParts {
  service: SharingService;
  controller: SharingController;
}

export interface SharingSourcesInput {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  nvidiaSmi: NvidiaSmi;
  /** Electron's powerMonitor, from the desktop shell. */
  powerMonitor?: PowerMonitorLike;
}

/** The signal sources for this machine: Electron's where the shell gives them, the OS's own otherwise. */
export function sharingSignals({ env, platform: os, nvidiaSmi, powerMonitor }: SharingSourcesInput): SharingSignals {
  const gpu = new NvidiaSmiGpuReader(nvidiaSmi);
  const signals: SharingSignals = {
    idle: powerMonitor ? [powerMonitorIdleSource(powerMonitor)] : [],
    fullscreen: [],
    gpuProcesses: [nvidiaSmiProcessSource(gpu)],
    power: powerMonitor ? [powerMonitorBatterySource(powerMonitor)] : [],
    gpuTemperature: [nvidiaSmiTemperatureSource(gpu)],
    programs: [],
  };
  if (os === 'linux') {
    // Without Electron, logind's hints over the system bus (a headless rig without logind: unavailable).
    if (!powerMonitor) signals.idle.push(logindIdleSource(new DbusClient(() => systemBus())));
    if (env.DISPLAY) signals.fullscreen.push(x11FullscreenSource({ display: env.DISPLAY }));
    if (env.DBUS_SESSION_BUS_ADDRESS) signals.fullscreen.push(gameModeSource(new DbusClient(() => sessionBus())));
    if (!powerMonitor) signals.power.push(linuxPowerSupplySource());
    signals.programs.push(procProgramsSource());
  } else if (os === 'win32') {
    signals.fullscreen.push(windowsNotificationStateSource());
    signals.programs.push(systemProgramsSource());
  } else {
    signals.programs.push(systemProgramsSource());
  }
  return signals;
}

export interface SharingPartsInput extends Omit<SharingSourcesInput, 'platform'> {
  appMode: 'desktop' | 'headless';
  settings: SettingsService;
  host: HostLoop;
  engine: ProcessListingEngine;
  hostId: string;
  /** The desktop's notifications; none on a headless rig. */
  notifier?: DesktopNotifier;
  events: EventBus;
  logger: Logger;
}

/** The controller over the host loop and the service the API and the CLI use. Started with the host. */
export function createSharing(input: SharingPartsInput): SharingParts {
  const { settings, appMode, host, events } = input;
  const logger = input.logger.child({ component: 'sharing' });
  const controller = new SharingController({
    signals: sharingSignals({ ...input, platform: platform() }),
    ownProcesses: new DockerOwnProcesses(input.engine, hostLabels(input.hostId)),
    actuator: hostSharingActuator(host),
    settings: () => {
      const { sharing } = settings.get();
      return { mode: effectiveSharingMode(sharing, appMode), rules: sharing };
    },
    clock: systemClock,
    logger,
  });
  const service = new SharingService({
    controller,
    writeMode: async (mode) => void (await settings.update({ sharing: { mode } })),
    events,
    logger,
  });
  if (input.notifier) notifySharingChanges(controller, input.notifier, () => settings.get().sharing.notifications);
  // A rule or the mode changed: read at once rather than at the next poll.
  events.on('settings.changed', () => void controller.poll());
  return { service, controller };
}
