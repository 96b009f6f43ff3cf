import type { SharingStatus } from '../../../shared/contract/sharing';
import type { SharingMode } from '../../../shared/sharing-settings';
import type { EventSink, Logger } from '../ports';
import type { SharingController } from './sharing-controller';
import type { SignalReport } from './signal-reader';

type Controller = Pick<SharingController, 'start' | 'status' | 'recentPauses' | 'current' | 'poll' | 'onDecision' | 'onRelease'>;

export interface SharingServiceDeps {
  controller: Controller;
  /** Keeps the owner's mode (settings.sharing.mode). */
  writeMode(mode: SharingMode): Promise<void>;
  events: EventSink;
  logger: Logger;
}

/** A signal report as the API shows it. */
function signalOf(report: SignalReport): SharingStatus['signals'][number] {
  const name = report.source ?? report.kind;
  return report.available ? { name, available: true, value: report.detail } : { name, available: false, why: report.detail };
}

/**
 * What the pages and `gridhost share` see of sharing: the controller's status with its signals and recent
 * pauses, and the mode the owner sets. Publishes `sharing.changed` when what it shows changes, and on each
 * release.
 */
export class SharingService {
  private lastPublished = '';
  private started = false;

  constructor(private readonly deps: SharingServiceDeps) {
    deps.controller.onDecision(() => this.publish());
    deps.controller.onRelease(() => this.publish());
  }

  /** Starts the controller (with the host: a command that only opened the data folder never reads the signals). */
  start(): void {
    this.started = true;
    this.deps.controller.start();
  }

  status(): SharingStatus {
    const { controller } = this.deps;
    return {
      ...controller.status(),
      signals: (controller.current()?.signals ?? []).map(signalOf),
      recentPauses: controller.recentPauses(),
    };
  }

  /** Keeps the mode and applies it at once (Always shares, Never pauses, Auto follows the rules). */
  async setMode(mode: SharingMode): Promise<SharingStatus> {
    await this.deps.writeMode(mode);
    this.deps.logger.info('sharing mode set', { mode });
    if (this.started) await this.deps.controller.poll();
    return this.status();
  }

  private publish(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.deps.events.publish('sharing.changed', status);
  }
}
