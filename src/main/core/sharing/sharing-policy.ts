import type { SharingMode, SharingRules } from '../../../shared/sharing-settings';
import { scheduleAllows } from './schedule';
import type { GpuProcess } from './ports';
import { baseName, firstListed, sameProgram } from './program-names';
import type { Readings, SignalReport } from './signal-reader';

/** Why the host shares or not, most important first when several rules say stop at once. */
export type SharingCause =
  | 'mode-never'
  | 'mode-always'
  | 'schedule'
  | 'battery'
  | 'temperature'
  | 'blocked-program'
  | 'fullscreen'
  | 'gpu-in-use'
  | 'resume-wait'
  | 'owner-active'
  | 'idle'
  | 'locked'
  | 'rules-allow';

/** One decision of the policy, in the owner's words and for machines. */
export interface SharingDecision {
  share: boolean;
  /** "Sharing: idle for 12 min", "Paused: on battery", "Paused: game.exe is using the GPU". */
  reason: string;
  cause: SharingCause;
  /** Every rule that says stop now (the first is `cause`). */
  blockers: SharingCause[];
  /** When the signals behind this decision were read (ms since the epoch). */
  observedAt: number;
  signals: SignalReport[];
}

export interface PolicyInput {
  mode: SharingMode;
  rules: SharingRules;
  readings: Readings;
  signals: SignalReport[];
  /** The owner's IANA time zone, for the schedule. */
  timeZone: string;
}

/** Once paused for heat, sharing resumes only this far below the cap. */
export const TEMPERATURE_HYSTERESIS_C = 5;

interface Block {
  cause: SharingCause;
  reason: string;
}

const minutes = (seconds: number) => (seconds < 60 ? `${Math.floor(seconds)} s` : `${Math.floor(seconds / 60)} min`);

/**
 * The sharing policy: Auto shares only while every rule allows it; Always and Never ignore the rules.
 * Hysteresis, so that the host neither flaps nor waits on a returning owner:
 * - any rule that says stop (battery, heat, a game...) stops sharing at the next reading;
 * - once it clears, sharing waits `resumeAfterSeconds` without any rule saying stop, and the idle time counts
 *   only from then (a gamepad game leaves the input idle: its end is the owner's "return");
 * - input returning stops at once; sharing starts after `idleMinutes` without input;
 * - heat clears only 5 °C under the cap.
 * A signal this machine cannot read never holds sharing back.
 */
export class SharingPolicy {
  /** The last time a rule other than "the owner is active" said stop, and what it was. */
  private lastBlock: { at: number; reason: string } | null = null;
  private hot = false;

  decide(input: PolicyInput): SharingDecision {
    const { mode, readings } = input;
    const decision = (share: boolean, cause: SharingCause, reason: string, blockers: SharingCause[] = []): SharingDecision => ({
      share,
      cause,
      reason,
      blockers,
      observedAt: readings.observedAt,
      signals: input.signals,
    });
    if (mode === 'never') return decision(false, 'mode-never', 'Paused: sharing is set to Never', ['mode-never']);
    if (mode === 'always') return decision(true, 'mode-always', 'Sharing: always on');

    const blocks = this.ruleBlocks(input);
    const now = readings.observedAt;
    if (blocks.length > 0) {
      const first = blocks[0] as Block;
      this.lastBlock = { at: now, reason: first.reason };
      return decision(false, first.cause, `Paused: ${first.reason}`, blocks.map((b) => b.cause));
    }

    const sinceBlockS = this.lastBlock ? (now - this.lastBlock.at) / 1000 : Infinity;
    const { resumeAfterSeconds, idleMinutes } = input.rules;
    if (this.lastBlock && sinceBlockS < resumeAfterSeconds) {
      const left = Math.ceil(resumeAfterSeconds - sinceBlockS);
      return decision(false, 'resume-wait', `Paused: sharing again in ${minutes(left)} (was: ${this.lastBlock.reason})`, ['resume-wait']);
    }

    if (!readings.idle.available) return decision(true, 'rules-allow', 'Sharing: no rule is pausing it');
    const { idleSeconds, locked } = readings.idle.value;
    if (locked) return decision(true, 'locked', 'Sharing: screen locked');
    const idleS = Math.min(idleSeconds, sinceBlockS);
    const neededS = idleMinutes * 60;
    if (idleS < neededS) {
      const reason = idleS < 60 ? "Paused: you're using the computer" : `Paused: idle for ${minutes(idleS)}, sharing starts at ${minutes(neededS)}`;
      return decision(false, 'owner-active', reason, ['owner-active']);
    }
    return decision(true, 'idle', `Sharing: idle for ${minutes(idleS)}`);
  }

  /** Every rule that says stop now, in order of importance. */
  private ruleBlocks({ rules, readings, timeZone }: PolicyInput): Block[] {
    const blocks: Block[] = [];
    if (rules.schedule.enabled && !scheduleAllows(rules.schedule.slots, readings.observedAt, timeZone)) {
      blocks.push({ cause: 'schedule', reason: 'outside your schedule' });
    }
    if (readings.power.available && readings.power.value.onBattery && !rules.shareOnBattery) {
      blocks.push({ cause: 'battery', reason: 'on battery' });
    }
    if (readings.gpuTemperature.available) {
      const celsius = readings.gpuTemperature.value.celsius;
      const limit = this.hot ? rules.maxGpuTemperatureC - TEMPERATURE_HYSTERESIS_C : rules.maxGpuTemperatureC;
      this.hot = this.hot ? celsius > limit : celsius >= limit;
      if (this.hot) blocks.push({ cause: 'temperature', reason: `GPU at ${celsius} °C (limit ${rules.maxGpuTemperatureC} °C)` });
    }
    if (readings.programs.available) {
      const blocked = firstListed(readings.programs.value, rules.blockedPrograms);
      if (blocked) blocks.push({ cause: 'blocked-program', reason: `${blocked} is running` });
    }
    if (readings.fullscreen.available && readings.fullscreen.value.active) {
      const { program, game } = readings.fullscreen.value;
      const reason = game ? 'a game is running' : program ? `${program} is fullscreen` : 'a fullscreen program is open';
      blocks.push({ cause: 'fullscreen', reason });
    }
    const user = this.gpuUser(rules, readings);
    if (user) blocks.push({ cause: 'gpu-in-use', reason: `${baseName(user.name)} is using the GPU` });
    return blocks;
  }

  /** The owner's program on the GPU: not one of our containers', not ignored, and more than a small surface. */
  private gpuUser(rules: SharingRules, readings: Readings): GpuProcess | null {
    if (!readings.gpuProcesses.available) return null;
    // Without our containers' PIDs a job would read as the owner's program; no job runs while nothing is ours.
    const own = readings.ownPids.available ? readings.ownPids.value : null;
    const { ignoredPrograms, minGraphicsMemoryMiB } = rules.gpuUse;
    return (
      readings.gpuProcesses.value.find((p) => {
        if (own === null || own.has(p.pid)) return false;
        if (ignoredPrograms.some((name) => sameProgram(p.name, name))) return false;
        return p.kind !== 'graphics' || (p.usedMemoryMiB !== null && p.usedMemoryMiB >= minGraphicsMemoryMiB);
      }) ?? null
    );
  }
}
