import type { HostStateName } from '../../../shared/host-state';

/**
 * The host loop's legal moves. `paused` and `error` are reachable from every state; leaving them goes back
 * through `preflight`, so a host that was paused or failed checks the machine again before it takes work.
 * What each state means to the owner is `hostPhase` (src/shared/host-state.ts).
 */
const NEXT: Record<HostStateName, readonly HostStateName[]> = {
  starting: ['preflight'],
  preflight: ['unenrolled', 'waitlisted', 'ready'],
  unenrolled: ['waitlisted', 'ready', 'preflight'],
  waitlisted: ['unenrolled', 'ready', 'preflight'],
  ready: ['queued', 'unenrolled', 'waitlisted', 'preflight'],
  queued: ['running', 'ready', 'preflight'],
  running: ['settling'],
  settling: ['queued', 'ready'],
  paused: ['preflight'],
  error: ['preflight'],
};

const ANYWHERE: readonly HostStateName[] = ['paused', 'error'];
/** States entered again when only their reason changes (the grid's review says something new). */
const REENTERED: readonly HostStateName[] = [...ANYWHERE, 'unenrolled', 'waitlisted'];

export function canTransition(from: HostStateName, to: HostStateName): boolean {
  if (from === to) return REENTERED.includes(to);
  return ANYWHERE.includes(to) || NEXT[from].includes(to);
}
