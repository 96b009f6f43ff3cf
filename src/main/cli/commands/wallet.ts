import { ApiError } from '../../../shared/api-error';
import { formatNos, formatSol } from '../../../shared/format';
import type { HostRuntime } from '../../composition';
import type { Reading, WalletService, WalletStatus } from '../../core/wallet/wallet-service';
import { UsageError, type CliCommand, type CliContext } from '../command';

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
    return withWallet(ctx, async (wallet, runtime) => {
      if (network) await runtime.core.settings.update({ wallet: network });
      if (setPayout !== undefined || clearPayout) await wallet.setPayoutAddress(clearPayout ? null : setPayout!);
      const status = await wallet.status();
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
 * Opens the host's settings and wallet (not the whole host loop) for a wallet command, and turns a problem
 * the owner can act on (wrong passphrase, unreadable key file, refused setting) into its message and exit 1.
 */
export async function withWallet(
  ctx: CliContext,
  work: (wallet: WalletService, runtime: HostRuntime) => Promise<number>,
): Promise<number> {
  const runtime = ctx.openRuntime('headless');
  try {
    const wallet = runtime.core.deps.wallet;
    if (!wallet) throw new Error('this build of GridHost has no wallet');
    await runtime.core.settings.load();
    return await work(wallet, runtime);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    ctx.err(`${err.message}\n`);
    return 1;
  } finally {
    await runtime.close();
  }
}

/** The `--json` shape: exactly these keys; integers as decimal strings (lamports, micro-NOS), null when unknown. */
function toJson(status: WalletStatus) {
  const value = (reading: Reading<bigint>) => (reading.ok ? reading.value.toString() : null);
  return {
    address: status.address,
    sol: value(status.sol),
    nos: value(status.nos),
    payoutAddress: status.payoutAddress,
    pending: status.earnings.ok ? status.earnings.value.pendingMicroNos.toString() : null,
    settled: status.earnings.ok ? status.earnings.value.settledMicroNos.toString() : null,
  };
}

function toText(status: WalletStatus): string {
  const balance = (reading: Reading<bigint>, format: (v: bigint) => string) =>
    reading.ok ? `${format(reading.value)}  (from ${status.endpoint})` : reading.message;
  const earnings = status.earnings.ok
    ? `${formatNos(status.earnings.value.pendingMicroNos)} pending, ${formatNos(status.earnings.value.settledMicroNos)} ` +
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
