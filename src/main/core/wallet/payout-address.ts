import { PublicKey } from '@solana/web3.js';
import bs58 from 'bs58';
import { WalletError } from './wallet-error';

const BASE58_ALPHABET = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * Checks an address the owner typed for payouts and returns it trimmed. It must be base58 of 32 bytes and a
 * point on the ed25519 curve: a wallet's own address. Off-curve addresses are program-derived, most often a
 * token account pasted by mistake, and pay sent to its "owner" would be lost.
 */
export function validatePayoutAddress(input: string, nodeAddress: string | null): string {
  const address = input.trim();
  if (address.length === 0) {
    throw invalid('The payout address is empty. Paste the address of the wallet you want to be paid in.');
  }
  const badChar = [...address].findIndex((c) => !BASE58_ALPHABET.test(c));
  if (badChar >= 0) {
    throw invalid(
      `Character ${badChar + 1} ("${address[badChar]}") cannot be in a Solana address: addresses use base58, ` +
        'without 0, O, I or l. Copy the address again from your wallet.',
    );
  }
  const bytes = bs58.decode(address);
  if (bytes.length !== 32) {
    throw invalid(
      `That is ${bytes.length} bytes once decoded; a Solana address is 32 (32 to 44 characters). Check that the ` +
        'whole address was copied.',
    );
  }
  if (!PublicKey.isOnCurve(bytes)) {
    throw invalid(
      'That address belongs to a program (for example a token account), not to a wallet. Use your wallet\'s own ' +
        'address, the one your wallet app shows under "Receive".',
    );
  }
  if (address === nodeAddress) {
    throw invalid(
      "That is this node's own address. Payouts go to a wallet you keep elsewhere (a hardware wallet or your " +
        'phone), so that earnings are safe if this machine is lost.',
    );
  }
  return address;
}

function invalid(message: string): WalletError {
  return new WalletError('payout_address_invalid', message);
}
