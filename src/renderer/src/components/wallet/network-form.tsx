import { useId, useState, type FormEvent } from 'react';
import type { WalletStatus } from '../../../../shared/contract/wallet';
import { Button } from '../button';
import { Card } from '../card';

type Cluster = WalletStatus['cluster'];

const CLUSTERS: Array<{ id: Cluster; label: string; hint: string }> = [
  { id: 'mainnet-beta', label: 'Mainnet', hint: 'real SOL and NOS (api.mainnet-beta.solana.com)' },
  { id: 'devnet', label: 'Devnet', hint: 'test tokens, for the test grid (api.devnet.solana.com)' },
  { id: 'custom', label: 'Custom RPC', hint: 'your own or a provider’s JSON-RPC URL' },
];

export interface NetworkFormProps {
  cluster: Cluster;
  saving: boolean;
  error: string | null;
  onSave(cluster: Cluster, customRpcUrl: string | null): Promise<boolean>;
}

/**
 * Which Solana cluster balances are read from. A custom URL may hold an API key: it is sent to main, kept in
 * settings, and never shown back whole (the page shows its origin and path only).
 */
export function NetworkForm({ cluster, saving, error, onSave }: NetworkFormProps) {
  const [choice, setChoice] = useState<Cluster>(cluster);
  const [url, setUrl] = useState('');
  const urlId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onSave(choice, choice === 'custom' ? url.trim() || null : null)) setUrl('');
  };

  return (
    <Card title="Solana network" labelledBy="wallet-network-title">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="wallet-fieldset">
          <legend className="visually-hidden">Cluster to read balances from</legend>
          {CLUSTERS.map((c) => (
            <label key={c.id} className="wallet-radio">
              <input type="radio" name="cluster" value={c.id} checked={choice === c.id} onChange={() => setChoice(c.id)} />
              <span>
                <strong>{c.label}</strong> <span className="muted">— {c.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {choice === 'custom' ? (
          <>
            <label htmlFor={urlId}>JSON-RPC URL (http or https)</label>
            <input
              id={urlId}
              className="wallet-input"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder={cluster === 'custom' ? 'Leave empty to keep the saved URL' : 'https://…'}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              data-testid="rpc-url-input"
            />
          </>
        ) : null}
        {error ? (
          <p id={errorId} className="wallet-field-error" role="alert" data-testid="network-error">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <Button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Use this network'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
