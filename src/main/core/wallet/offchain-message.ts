import { MAX_SIGNED_MESSAGE_BYTES } from '../../../shared/contract/wallet';
import { WalletError } from './wallet-error';

/** The signing domain of Solana off-chain messages: no transaction and no grid request starts with 0xff. */
const SIGNING_DOMAIN = new Uint8Array([0xff, ...new TextEncoder().encode('solana offchain')]);
const HEADER_VERSION = 0;
/** Longest message a Ledger can show and sign (formats 0 and 1 of the v0 header); the API's limit too. */
export const MAX_OFFCHAIN_MESSAGE_BYTES = MAX_SIGNED_MESSAGE_BYTES;

const enum MessageFormat {
  RestrictedAscii = 0,
  LimitedUtf8 = 1,
}

/**
 * Wraps a message the window asked the node key to sign in the Solana off-chain message envelope (header
 * version 0, as `solana sign-offchain-message` writes it): signing domain, version, format, u16 length, text.
 * The envelope is why a message signature can never be replayed as a transaction or a grid request signature.
 */
export function encodeOffchainMessage(message: Uint8Array): Uint8Array {
  if (message.length === 0) throw new WalletError('message_invalid', 'There is no message to sign.');
  if (message.length > MAX_OFFCHAIN_MESSAGE_BYTES) {
    throw new WalletError(
      'message_invalid',
      `The message is ${message.length} bytes; the node key signs messages of at most ${MAX_OFFCHAIN_MESSAGE_BYTES}.`,
    );
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(message);
  } catch {
    throw new WalletError('message_invalid', 'The node key signs text only, and this message is not valid UTF-8.');
  }
  const ascii = message.every((b) => b >= 0x20 && b <= 0x7e);
  const out = new Uint8Array(SIGNING_DOMAIN.length + 4 + message.length);
  out.set(SIGNING_DOMAIN, 0);
  let at = SIGNING_DOMAIN.length;
  out[at++] = HEADER_VERSION;
  out[at++] = ascii ? MessageFormat.RestrictedAscii : MessageFormat.LimitedUtf8;
  out[at++] = message.length & 0xff;
  out[at++] = message.length >> 8;
  out.set(message, at);
  return out;
}
