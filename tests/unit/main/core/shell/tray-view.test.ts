import { describe, expect, it } from 'vitest';
import { runTrayAction } from '../../../../../src/main/core/shell/tray-actions';
import { trayView } from '../../../../../src/main/core/shell/tray-view';
import type { HostStateName, HostStatus } from '../../../../../src/shared/host-state';

function status(state: HostStateName, extra: Partial<HostStatus> = {}): HostStatus {
  return { state, since: '2026-01-01T00:00:00.000Z', reason: null, retryAt: null, market: null, job: null, ...extra };
}

describe('the tray', () => {
  it.each<[HostStateName, string, RegExp]>([
    ['running', 'earning', /Earning \(job abcdef12\)/],
    ['settling', 'earning', /Earning/],
    ['queued', 'waiting', /Waiting for a job in market-3090/],
    ['starting', 'waiting', /Checking/],
    ['preflight', 'waiting', /Checking/],
    ['ready', 'paused', /Not sharing/],
    ['paused', 'paused', /Paused: you are playing a game/],
    ['unenrolled', 'attention', /enroll/],
    ['waitlisted', 'attention', /waitlist/],
    ['error', 'attention', /Needs attention: Docker is not running/],
  ])('%s shows the %s icon', (state, icon, tooltip) => {
    const reason = state === 'paused' ? 'you are playing a game' : state === 'error' ? 'Docker is not running' : null;
    const view = trayView(status(state, { reason, market: 'market-3090', job: { id: 'abcdef1234', market: 'm', startedAt: '2026-01-01T00:00:00.000Z' } }), 'always', false);
    expect(view.icon).toBe(icon);
    expect(view.tooltip).toMatch(tooltip);
    expect(view.tooltip.startsWith('GridHost: ')).toBe(true);
  });

  it('checks the item matching the owner’s intent and offers the dashboard and quit', () => {
    const view = trayView(status('queued'), 'never', true);
    expect(view.menu.map((i) => i.action)).toEqual(['share', 'pause', 'auto', 'open-dashboard', 'quit']);
    expect(view.menu.filter((i) => i.checked).map((i) => i.action)).toEqual(['pause']);
    expect(trayView(status('queued'), 'auto', true).menu.find((i) => i.checked)?.action).toBe('auto');
  });

  it('offers Auto only once the sharing settings know it', () => {
    expect(trayView(status('ready'), 'always', false).menu.find((i) => i.action === 'auto')?.enabled).toBe(false);
    expect(trayView(status('ready'), 'always', true).menu.find((i) => i.action === 'auto')?.enabled).toBe(true);
  });

  it('cannot share before the grid onboarded the machine; says quitting ends a running job', () => {
    const setup = trayView(status('unenrolled'), 'never', true);
    expect(setup.menu.filter((i) => !i.enabled).map((i) => i.action)).toEqual(['share', 'pause', 'auto']);
    expect(trayView(status('running'), 'always', true).menu.at(-1)?.label).toMatch(/ends the job with the grid/);
    expect(trayView(status('ready'), 'always', true).menu.at(-1)?.label).toBe('Quit GridHost');
  });
});

describe('the tray’s items', () => {
  function targets(auto: boolean, fail = false) {
    const calls: string[] = [];
    const request = (name: string) => async () => {
      calls.push(name);
      if (fail) throw new Error('The grid has not onboarded this machine yet.');
    };
    return {
      calls,
      targets: {
        startSharing: request('grid.sharing.start'),
        pauseSharing: request('grid.sharing.pause'),
        autoSharing: auto ? request('auto') : null,
        showWindow: () => calls.push('show'),
        quit: () => calls.push('quit'),
        tell: (message: string) => calls.push(`tell: ${message}`),
      },
    };
  }

  it('maps each item to its request or window action', async () => {
    const { calls, targets: t } = targets(true);
    for (const action of ['share', 'pause', 'auto', 'open-dashboard', 'quit'] as const) await runTrayAction(action, t);
    expect(calls).toEqual(['grid.sharing.start', 'grid.sharing.pause', 'auto', 'show', 'quit']);
  });

  it('tells the owner when Auto is not there yet or a request is refused', async () => {
    const none = targets(false);
    await runTrayAction('auto', none.targets);
    expect(none.calls).toEqual(['tell: Auto sharing is not available in this version yet. Choose Share or Pause.']);
    const refused = targets(true, true);
    await runTrayAction('share', refused.targets);
    expect(refused.calls).toEqual(['grid.sharing.start', 'tell: The grid has not onboarded this machine yet. Open GridHost for details.']);
  });
});
