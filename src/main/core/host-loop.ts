import type { HostStateName } from '../../shared/host-state';

/**
 * The host loop's legal moves. `paused` and `error` are reachable from every state; leaving them goes back
 * through `preflight`, so a host that was paused or failed checks the machine again before it takes work.
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

export function canTransition(from: HostStateName, to: HostStateName): boolean {
  if (from === to) return to === 'paused' || to === 'error';
  return ANYWHERE.includes(to) || NEXT[from].includes(to);
}

/** States a person sees; the owner-facing sentence for each lives in the renderer. */
export function isEarningState(state: HostStateName): boolean {
  return state === 'queued' || state === 'running' || state === 'settling';
}
