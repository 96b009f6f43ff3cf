import type { WalletStatus } from '../../../shared/contract/wallet';
import { formatNos, formatSol } from '../../../shared/format';
import { UsageError, withHost, type CliCommand, type CliContext } from '../command';

/**
 * `gridhost wallet`: the node address, balances, payout address and earnings. It can also set the payout
 * address and the Solana cluster balances are read from.
 */
export const walletCommand: CliCommand = {
  name: 'wallet',
  summary: "Show this node's address, SOL and NOS balances, payout address and earnings",
  usage: 'gridhost wallet [--json] [--set-payout ADDRESS | --clear-payout] [--cluster mainnet-beta|devnet|custom [--rpc-url URL]]',
  options: {
    json: { type: 'boolean', default: false },
    cluster: { type: 'string' },
    'rpc-url': { type: 'string' },
    'set-payout': { type: 'string' },
    'clear-payout': { type: 'boolean', default: false },
  },
  async run(ctx) {
    const setPayout = ctx.values['set-payout'] as string | undefined;
    const clearPayout = ctx.values['clear-payout'] === true;
    if (setPayout !== undefined && clearPayout) throw new UsageError('Use --set-payout or --clear-payout, not both.');
    const network = networkChange(ctx);
    return withHost(ctx, async ({ api }) => {
      if (network) await api.settingsUpdate({ wallet: network });
      if (setPayout !== undefined || clearPayout) await api.walletPayoutSet({ address: clearPayout ? null : setPayout! });
      const status = await api.walletStatus();
      if (ctx.values.json) ctx.out(`${JSON.stringify(toJson(status), null, 2)}\n`);
      else ctx.out(toText(status));
      // Machines read stdout; the reasons a figure is missing go to stderr.
      if (ctx.values.json) for (const line of unavailable(status)) ctx.err(`${line}\n`);
      return 0;
    });
  },
};

const CLUSTERS = ['mainnet-beta', 'devnet', 'custom'] as const;

/** The wallet settings that --cluster and --rpc-url ask for, or null when neither was given. */
function networkChange(ctx: CliContext): { cluster: (typeof CLUSTERS)[number]; customRpcUrl?: string } | null {
  const cluster = ctx.values.cluster as string | undefined;
  const rpcUrl = ctx.values['rpc-url'] as string | undefined;
  if (cluster === undefined && rpcUrl === undefined) return null;
  if (rpcUrl !== undefined && cluster !== undefined && cluster !== 'custom') {
    throw new UsageError('--rpc-url goes with --cluster custom.');
  }
  const chosen = cluster ?? 'custom';
  if (!(CLUSTERS as readonly string[]).includes(chosen)) {
    throw new UsageError(`--cluster must be one of ${CLUSTERS.join(', ')}, got "${chosen}".`);
  }
  return rpcUrl === undefined
    ? { cluster: chosen as (typeof CLUSTERS)[number] }
    : { cluster: 'custom', customRpcUrl: rpcUrl };
}

/**
 * The `--json` shape: exactly these keys; integers as decimal strings (lamports, micro-NOS), null when unknown,
 * and beside each figure that can be missing, why it is (`solError`, `nosError`, `earningsError`; null when
 * the figure is there).
 */
function toJson(status: WalletStatus) {
  const value = (reading: WalletStatus['sol']) => (reading.ok ? reading.value : null);
  const error = (reading: { ok: true } | { ok: false; message: string }) => (reading.ok ? null : reading.message);
  return {
    address: status.address,
    sol: value(status.sol),
    nos: value(status.nos),
    payoutAddress: status.payoutAddress,
    pending: status.earnings.ok ? status.earnings.value.pending : null,
    settled: status.earnings.ok ? status.earnings.value.settled : null,
    solError: error(status.sol),
    nosError: error(status.nos),
    earningsError: error(status.earnings),
  };
}

function toText(status: WalletStatus): string {
  const balance = (reading: WalletStatus['sol'], format: (v: bigint) => string) =>
    reading.ok ? `${format(BigInt(reading.value))}  (from ${status.endpoint})` : reading.message;
  const earnings = status.earnings.ok
    ? `${formatNos(status.earnings.value.pending)} pending, ${formatNos(status.earnings.value.settled)} ` +
      'settled (gross)'
    : status.earnings.message;
  const rows: Array<[string, string]> = [
    ['Node address', status.address],
    ['Cluster', status.cluster],
    ['SOL', balance(status.sol, (v) => `${formatSol(v)} (${v} lamports)`)],
    ['NOS', balance(status.nos, (v) => formatNos(v))],
    ['Payout address', status.payoutProblem ?? status.payoutAddress ?? 'not set (gridhost wallet --set-payout ADDRESS)'],
    ['Earnings', earnings],
    ['Key protected by', status.keyProtection],
  ];
  return `${rows.map(([label, text]) => `${label.padEnd(17)} ${text}`).join('\n')}\n`;
}

function unavailable(status: WalletStatus): string[] {
  const missing = [status.sol, status.nos, status.earnings].flatMap((r) => (r.ok ? [] : [r.message]));
  return status.payoutProblem ? [...missing, status.payoutProblem] : missing;
}
