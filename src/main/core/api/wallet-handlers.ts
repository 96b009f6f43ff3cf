import bs58 from 'bs58';
import type { WalletStatus as WireWalletStatus } from '../../../shared/contract/wallet';
import type { Reading, WalletService, WalletStatus } from '../wallet/wallet-service';
import type { ApiHandlers } from './dispatcher';

type WalletHandlers = Pick<ApiHandlers, 'wallet.status' | 'wallet.payout.set' | 'wallet.signMessage'>;

/** The wallet's requests. The node key stays in main: the window gets an address and signatures only. */
export function walletHandlers({ wallet }: { wallet: WalletService }): WalletHandlers {
  return {
    'wallet.status': async () => toWireStatus(await wallet.status()),
    'wallet.payout.set': async ({ address }) => ({ payoutAddress: await wallet.setPayoutAddress(address) }),
    'wallet.signMessage': async ({ message }) => {
      const { signature, signedMessage } = await wallet.signOffchainMessage(Buffer.from(message, 'base64'));
      return { signature: bs58.encode(signature), signedMessage: Buffer.from(signedMessage).toString('base64') };
    },
  };
}

/** The status as it crosses the API: integers as decimal strings. */
function toWireStatus(status: WalletStatus): WireWalletStatus {
  const amount = (reading: Reading<bigint>) =>
    reading.ok ? { ok: true as const, value: reading.value.toString() } : reading;
  const { earnings } = status;
  return {
    address: status.address,
    cluster: status.cluster,
    endpoint: status.endpoint,
    sol: amount(status.sol),
    nos: amount(status.nos),
    nosMint: status.nosMint,
    payoutAddress: status.payoutAddress,
    payoutProblem: status.payoutProblem,
    earnings: earnings.ok
      ? {
          ok: true,
          value: {
            pending: earnings.value.pendingMicroNos.toString(),
            settled: earnings.value.settledMicroNos.toString(),
          },
        }
      : earnings,
    keyProtection: status.keyProtection,
  };
}
