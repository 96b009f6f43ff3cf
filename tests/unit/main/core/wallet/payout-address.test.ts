import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { validatePayoutAddress } from '../../../../../src/main/core/wallet/payout-address';
import { WalletError } from '../../../../../src/main/core/wallet/wallet-error';

const wallet = Keypair.generate().publicKey.toBase58();
const node = Keypair.generate().publicKey.toBase58();

function messageOf(input: string): string {
  try {
    validatePayoutAddress(input, node);
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).code).toBe('payout_address_invalid');
    return (err as WalletError).message;
  }
  throw new Error('expected the address to be refused');
}

describe('validatePayoutAddress', () => {
  it('accepts a wallet address, trimmed of the spaces a paste brings', () => {
    expect(validatePayoutAddress(`  ${wallet}\n`, node)).toBe(wallet);
    expect(validatePayoutAddress('nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7', node)).toBe(
      'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7',
    );
  });

  it('names the character that cannot be in base58', () => {
    expect(messageOf(`${wallet.slice(0, 5)}0${wallet.slice(6)}`)).toMatch(/Character 6 \("0"\)/);
    expect(messageOf('0x52908400098527886E0F7030069857D2E4169EE7')).toMatch(/Character 1 \("0"\)/);
  });

  it('says how many bytes a truncated or overlong address decodes to', () => {
    expect(messageOf(wallet.slice(0, 20))).toMatch(/bytes once decoded; a Solana address is 32/);
    expect(messageOf(`${wallet}${wallet}`)).toMatch(/bytes once decoded/);
  });

  it('refuses an off-curve address (a token account or other program-derived address)', () => {
    const [pda] = PublicKey.findProgramAddressSync([Buffer.from('payout')], new PublicKey(wallet));
    expect(PublicKey.isOnCurve(pda.toBytes())).toBe(false);
    expect(messageOf(pda.toBase58())).toMatch(/belongs to a program/);
  });

  it('refuses the node\'s own address and an empty one', () => {
    expect(messageOf(node)).toMatch(/this node's own address/);
    expect(messageOf('   ')).toMatch(/empty/);
  });
});
