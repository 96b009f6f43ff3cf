import { setTimeout as sleep } from 'node:timers/promises';
import type { SharingStatus } from '../../../shared/contract/sharing';
import { SHARING_MODES, type SharingMode } from '../../../shared/settings';
import { UsageError, withHost, type CliCommand } from '../command';
import type { CliHost } from '../cli-host';

/** `gridhost share auto|always|never`: the sharing mode, kept across restarts, applied by the running host at once. */
export const shareCommand: CliCommand = {
  name: 'share',
  summary: 'Share this machine while the rules allow (auto), always, or never',
  usage: 'gridhost share auto|always|never | gridhost share status [--json]',
  options: {},
  allowPositionals: true,
  async run(ctx) {
    const [mode, ...extra] = ctx.positionals;
    if (!SHARING_MODES.includes(mode as SharingMode) || extra.length > 0) throw new UsageError('Say `auto`, `always` or `never` (or `status`).');
    return withHost(ctx, async (host) => {
      await host.api.sharingModeSet({ mode: mode as SharingMode });
      const state = await shareState(host, mode === 'always' ? SETTLE_MS : 0);
      ctx.out(`Sharing: ${mode}. ${state.reason}\n`);
      return 0;
    });
  },
};

/** `gridhost share status [--json]`: the mode, whether this machine shares now and why, and the last release. */
export const shareStatusCommand: CliCommand = {
  name: 'share status',
  summary: 'Say whether this machine shares now and why, and how fast it last gave the GPU back',
  usage: 'gridhost share status [--json]',
  options: { json: { type: 'boolean', default: false } },
  run: (ctx) =>
    withHost(ctx, async (host) => {
      const full = await fullState(host);
      const { mode, sharing, reason, lastRelease } = full;
      if (ctx.values.json) ctx.out(`${JSON.stringify({ mode, sharing, reason, lastRelease }, null, 2)}\n`);
      else ctx.out(describe(full));
      return 0;
    }),
};

/** The answer of `share status --json`, exactly the fields the issue names. */
export type ShareState = Pick<SharingStatus, 'mode' | 'sharing' | 'reason' | 'lastRelease'>;

/** How long `share always` waits for a running, onboarded host to start sharing before it reports. */
const SETTLE_MS = 5_000;

async function shareState(host: CliHost, settleMs = 0): Promise<ShareState> {
  let state = await fullState(host);
  const until = Date.now() + settleMs;
  while (host.running && !state.sharing && Date.now() < until) {
    await sleep(100);
    state = await fullState(host);
  }
  return state;
}

async function fullState(host: CliHost): Promise<SharingStatus> {
  const status = await host.api.sharingStatus();
  if (host.running) return status;
  const when = status.mode === 'never' ? '' : status.mode === 'always' ? "It joins its market's queue once the host runs and is onboarded." : 'It shares while the rules allow once the host runs.';
  return { ...status, sharing: false, reason: `GridHost is not running on this data folder (gridhost start --headless). ${when}`.trim(), signals: [] };
}

/** The human answer: the JSON's fields, then the signals this machine cannot give and the recent pauses. */
function describe(state: SharingStatus): string {
  const lines = [`Sharing: ${state.mode}, ${state.sharing ? 'sharing now' : 'not sharing now'}.`, state.reason];
  if (state.lastRelease) lines.push(`GPU released in ${state.lastRelease.ms} ms: ${state.lastRelease.cause} (${state.lastRelease.at}).`);
  const unavailable = state.signals.filter((s) => !s.available);
  if (unavailable.length > 0) lines.push('Signals this machine cannot give (they never hold sharing back):', ...unavailable.map((s) => `  ${s.name}: ${s.why ?? ''}`));
  if (state.recentPauses.length > 1) lines.push('Recent pauses:', ...state.recentPauses.map((p) => `  ${p.at}  ${p.ms} ms  ${p.cause}`));
  return `${lines.join('\n')}\n`;
}
