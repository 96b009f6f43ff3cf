import { describe, expect, it } from 'vitest';
import { hostHeadline } from '../../../../../src/renderer/src/app/host-headline';
import type { HostStatus } from '../../../../../src/shared/host-state';

const base: HostStatus = { state: 'queued', since: '2026-11-25T10:00:00.000Z', reason: null, retryAt: null, market: 'nvidia-3060', job: null };
const now = Date.parse('2026-11-25T10:02:14.000Z');

describe("the Overview's headline", () => {
  it('says what the host is doing, with the action that fits', () => {
    expect(hostHeadline(base, now)).toMatchObject({ text: 'Waiting for a job on nvidia-3060', action: { label: 'Pause', command: 'pause-sharing' } });
    expect(hostHeadline({ ...base, state: 'ready' }, now)).toMatchObject({ action: { label: 'Start sharing', command: 'start-sharing' } });
    expect(hostHeadline({ ...base, state: 'paused', reason: "you're playing a game" }, now)).toMatchObject({
      text: "Paused: you're playing a game",
      action: { command: 'start-sharing' },
    });
    expect(hostHeadline({ ...base, state: 'unenrolled' }, now)).toMatchObject({ action: { href: '#/test-grid' } });
  });

  it('shows how long the job has run', () => {
    const running = { ...base, state: 'running' as const, job: { id: 'j', market: 'nvidia-3060', startedAt: '2026-11-25T10:00:00.000Z' } };
    expect(hostHeadline(running, now).text).toBe('Earning on nvidia-3060 · job 2m 14s');
  });

  it('puts a failing readiness check first, with Fix, until the grid has onboarded the machine', () => {
    const failing = [{ title: 'NVIDIA Container Toolkit' }, { title: 'Free disk space' }];
    expect(hostHeadline({ ...base, state: 'unenrolled' }, now, failing)).toEqual({
      text: 'Setup needed: NVIDIA Container Toolkit (and 1 more)',
      tone: 'fail',
      action: { label: 'Fix', href: '#/hardware' },
      checklistTitle: 'Setup checklist: fix these to start earning',
    });
    const running = { ...base, state: 'running' as const, job: { id: 'j', market: 'm', startedAt: '2026-11-25T10:00:00.000Z' } };
    expect(hostHeadline(running, now, failing).text).toMatch(/^Earning/);
    expect(hostHeadline(base, now, failing).text).toMatch(/^Waiting for a job/);
  });

  it('never says "Earning" above "fix these to start earning": the checklist under it comes from the same decision', () => {
    const failing = [{ title: 'NVIDIA driver' }];
    const running = { ...base, state: 'running' as const, job: { id: 'j', market: 'cpu-dev', startedAt: '2026-11-25T10:00:00.000Z' } };
    const earning = hostHeadline(running, now, failing);
    expect(earning.text).toMatch(/^Earning on cpu-dev/);
    expect(earning.checklistTitle).not.toMatch(/start earning/);
    expect(earning.checklistTitle).toMatch(/onboarded this machine anyway/);
    expect(hostHeadline({ ...base, state: 'unenrolled' }, now, failing).checklistTitle).toMatch(/start earning/);
    expect(hostHeadline(running, now).checklistTitle).toBeNull();
  });

  it('does not double the full stop of a reason that has one', () => {
    const error = { ...base, state: 'error' as const, reason: 'Docker cannot pull images.', retryAt: null };
    expect(hostHeadline(error, now).text).toBe('Problem: Docker cannot pull images.');
  });

  it('says when an error state retries', () => {
    const error = { ...base, state: 'error' as const, reason: 'the grid is not answering', retryAt: '2026-11-25T10:03:00.000Z' };
    expect(hostHeadline(error, now).text).toBe('Problem: the grid is not answering. Trying again in 46s.');
  });
});
