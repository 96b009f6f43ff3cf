import { ApiError } from '../../../shared/api-error';

/** What went wrong with the node key or the wallet, as a code a client can branch on. */
export type WalletErrorCode =
  | 'key_format'
  | 'keystore_missing'
  | 'keystore_corrupt'
  | 'keystore_quarantined'
  | 'keystore_exists'
  | 'wrong_passphrase'
  | 'passphrase_required'
  | 'keyring_unavailable'
  | 'keyring_insecure'
  | 'payout_address_invalid'
  | 'message_invalid';

/**
 * An error about the node key or the wallet, written for the owner: what failed, why, what to do.
 * It is an ApiError, so the API passes it to the window as it is. It never carries key material.
 */
export class WalletError extends ApiError {
  constructor(
    override readonly code: WalletErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'WalletError';
  }
}
