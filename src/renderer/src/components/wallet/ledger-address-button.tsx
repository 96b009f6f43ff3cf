import './buffer-global';
import { LedgerWalletAdapter, LedgerWalletName } from '@solana/wallet-adapter-ledger';
import { WalletReadyState } from '@solana/wallet-adapter-base';
import { useWallet, WalletProvider } from '@solana/wallet-adapter-react';
import { useEffect, useMemo, useState } from 'react';
import { Button } from '../button';

/** How long the Ledger has to answer before the button gives up and says what to do. */
export const LEDGER_TIMEOUT_MS = 60_000;
const TIMED_OUT = 'The Ledger did not answer within a minute.';

/**
 * Reads the payout address from a Ledger over WebHID, through wallet-adapter's own provider and hooks. It
 * only reads the public key: nothing is signed, and the address still goes through the host's checks on Save.
 */
export default function LedgerAddressButton({ onAddress }: { onAddress: (address: string) => void }) {
  const wallets = useMemo(() => [new LedgerWalletAdapter()], []);
  return (
    <WalletProvider wallets={wallets} autoConnect={false} localStorageKey="gridhost.ledger">
      <LedgerButton onAddress={onAddress} />
    </WalletProvider>
  );
}

function LedgerButton({ onAddress }: { onAddress: (address: string) => void }) {
  const { wallet, select, connect, disconnect, publicKey, connecting } = useWallet();
  const [problem, setProblem] = useState<string | null>(null);
  const [asked, setAsked] = useState(false);

  useEffect(() => {
    if (wallet?.adapter.name !== LedgerWalletName) select(LedgerWalletName);
  }, [wallet, select]);

  useEffect(() => {
    if (!asked || !publicKey) return;
    onAddress(publicKey.toBase58());
    // The address is all we need: let go of the device so another app (Ledger Live) can use it.
    void disconnect();
  }, [asked, publicKey, onAddress, disconnect]);

  if (wallet && wallet.readyState === WalletReadyState.Unsupported) {
    return (
      <span className="muted" data-testid="ledger-unsupported">
        Reading the address from a Ledger needs WebHID (the GridHost desktop app, Chrome or Edge). Here, type or paste
        it instead.
      </span>
    );
  }
  const read = async () => {
    setProblem(null);
    setAsked(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(TIMED_OUT)), LEDGER_TIMEOUT_MS);
    });
    try {
      await Promise.race([connect(), timeout]);
    } catch (err) {
      // A Ledger that never answered leaves the adapter connecting: let go of it so the button works again.
      if ((err as Error).message === TIMED_OUT) void disconnect();
      setProblem(
        `${(err as Error).message || 'The Ledger did not answer.'} Connect and unlock it, open its Solana app, and try again.`,
      );
    } finally {
      clearTimeout(timer);
    }
  };
  return (
    <>
      <Button onClick={() => void read()} disabled={!wallet || connecting}>
        {connecting ? 'Waiting for the Ledger…' : 'Use my Ledger’s address'}
      </Button>
      {problem ? (
        <span className="wallet-field-error" role="alert">
          {problem}
        </span>
      ) : null}
    </>
  );
}
