import { describe, expect, it } from 'vitest';
import { HOST_STATES, hostPhase, isGridIdlePhase, isOnboardedPhase, isSharingPhase } from '../../../src/shared/host-state';

describe('hostPhase: what each state of the loop means to the owner', () => {
  it('gives every state exactly one phase', () => {
    expect(Object.fromEntries(HOST_STATES.map((s) => [s, hostPhase(s)]))).toEqual({
      starting: 'checking',
      preflight: 'checking',
      unenrolled: 'setup',
      waitlisted: 'setup',
      ready: 'ready',
      queued: 'queued',
      running: 'earning',
      settling: 'earning',
      paused: 'paused',
      error: 'failing',
    });
  });

  it('onboarded, sharing and grid-idle are decided from the phase', () => {
    const where = (test: (p: ReturnType<typeof hostPhase>) => boolean) => HOST_STATES.filter((s) => test(hostPhase(s)));
    expect(where(isOnboardedPhase)).toEqual(['ready', 'queued', 'running', 'settling', 'paused']);
    expect(where(isSharingPhase)).toEqual(['queued', 'running', 'settling']);
    expect(where(isGridIdlePhase)).toEqual(['starting', 'preflight', 'unenrolled', 'waitlisted', 'ready', 'error']);
  });
});
