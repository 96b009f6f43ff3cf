import { WalletError } from '../../../src/main/core/wallet/wallet-error';

/** The WalletError a promise rejects with; fails the test if it resolves or rejects with something else. */
export async function walletErrorOf(promise: Promise<unknown>): Promise<WalletError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof WalletError)) throw new Error(`expected a WalletError, got ${String(error)}`);
  return error;
}
