import { useWallet } from '@solana/wallet-adapter-react';
import bs58 from 'bs58';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '../button';
import { Card } from '../card';
import { NodeKeyWalletName } from './node-key-adapter';

/**
 * Proves the owner runs this node: the node key, reached through wallet-adapter's hooks, signs a short text
 * in main (inside the Solana off-chain message envelope). Anyone can check it with
 * `solana verify-offchain-signature`.
 */
export function SignMessageCard() {
  const { publicKey, signMessage, connected, wallet, select } = useWallet();
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ signature: string } | { error: string } | null>(null);
  const inputId = useId();

  // The node key is the one wallet here: select it, and the provider's autoConnect opens it.
  useEffect(() => {
    if (wallet?.adapter.name !== NodeKeyWalletName) select(NodeKeyWalletName);
  }, [wallet, select]);

  const sign = async (event: FormEvent) => {
    event.preventDefault();
    if (!signMessage) return;
    try {
      const signature = await signMessage(new TextEncoder().encode(text));
      setResult({ signature: bs58.encode(signature) });
    } catch (err) {
      setResult({ error: (err as Error).message });
    }
  };

  return (
    <Card title="Prove you run this node" labelledBy="wallet-sign-title">
      <form onSubmit={(e) => void sign(e)}>
        <label htmlFor={inputId}>Text to sign with the node key</label>
        <input
          id={inputId}
          className="wallet-input"
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
          placeholder="e.g. I run this GridHost node — 2026-11-25"
        />
        <div className="actions">
          <Button type="submit" disabled={!connected || text.trim() === ''}>
            Sign with the node key
          </Button>
          <span className="muted">{connected && publicKey ? `as ${publicKey.toBase58()}` : 'Opening the node key…'}</span>
        </div>
      </form>
      {result && 'signature' in result ? (
        <p>
          Signature (off-chain message): <code className="wallet-address-text" data-testid="wallet-signature">{result.signature}</code>
        </p>
      ) : null}
      {result && 'error' in result ? (
        <p className="wallet-field-error" role="alert">
          {result.error}
        </p>
      ) : null}
    </Card>
  );
}
