import { setTimeout as sleep } from 'node:timers/promises';
import type { Settings } from '../../../shared/settings';
import { hostPhase, type HostStatus } from '../../../shared/host-state';
import { UsageError, withHost, type CliCommand } from '../command';
import type { CliHost } from '../cli-host';
import { describeState } from './status';

/** `gridhost share always|never`: the owner's sharing intent, kept across restarts. */
export const shareCommand: CliCommand = {
  name: 'share',
  summary: "Share this machine always (it joins its market's queue, and again after a restart) or never",
  usage: 'gridhost share always|never | gridhost share status [--json]',
  options: {},
  allowPositionals: true,
  async run(ctx) {
    const [mode, ...extra] = ctx.positionals;
    if ((mode !== 'always' && mode !== 'never') || extra.length > 0) throw new UsageError('Say `always` or `never` (or `status`).');
    return withHost(ctx, async (host) => {
      if (mode === 'always') await host.api.gridSharingStart();
      else await host.api.gridSharingPause();
      const state = await shareState(host, mode === 'always' ? SETTLE_MS : 0);
      ctx.out(`Sharing: ${mode}. ${state.reason ?? 'The host is in its market\'s queue or running a job.'}\n`);
      return 0;
    });
  },
};

/** `gridhost share status [--json]`: the intent, whether the host shares now, and why not. */
export const shareStatusCommand: CliCommand = {
  name: 'share status',
  summary: 'Say whether this machine shares now, what the owner asked for, and why not',
  usage: 'gridhost share status [--json]',
  options: { json: { type: 'boolean', default: false } },
  run: (ctx) =>
    withHost(ctx, async (host) => {
      const state = await shareState(host);
      if (ctx.values.json) ctx.out(`${JSON.stringify(state, null, 2)}\n`);
      else ctx.out(`Sharing: ${state.mode}, ${state.sharing ? 'sharing now' : 'not sharing now'}.${state.reason ? `\n${state.reason}` : ''}\n`);
      return 0;
    }),
};

export interface ShareState {
  mode: Settings['sharing']['mode'];
  /** In the market's queue or running a job. */
  sharing: boolean;
  /** Why it does not share now (for the owner), or null. */
  reason: string | null;
  /** When the host last stopped sharing by itself (a later issue fills it). */
  lastRelease: null;
}

/** How long `share always` waits for a running, onboarded host to reach the queue before it reports. */
const SETTLE_MS = 5_000;

async function shareState(host: CliHost, settleMs = 0): Promise<ShareState> {
  const { mode } = (await host.api.settingsGet()).sharing;
  if (!host.running) {
    const when = mode === 'always' ? "It joins its market's queue once the host runs and is onboarded." : '';
    return { mode, sharing: false, reason: `GridHost is not running on this data folder (gridhost start --headless). ${when}`.trim(), lastRelease: null };
  }
  let status = await host.api.hostStatus();
  const until = Date.now() + settleMs;
  // An onboarded host joins the queue a moment after it is asked to.
  while (Date.now() < until && (hostPhase(status.state) === 'ready' || hostPhase(status.state) === 'checking')) {
    await sleep(100);
    status = await host.api.hostStatus();
  }
  const phase = hostPhase(status.state);
  const sharing = phase === 'queued' || phase === 'earning';
  return { mode, sharing, reason: sharing ? null : whyNot(mode, status), lastRelease: null };
}

function whyNot(mode: ShareState['mode'], status: HostStatus): string {
  if (mode === 'never') return 'Sharing is off: run `gridhost share always` (or press Start sharing) to take jobs.';
  return status.reason ?? `The host is ${describeState(status.state)}.`;
}
