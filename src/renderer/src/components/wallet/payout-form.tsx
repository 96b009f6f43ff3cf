import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { Button } from '../button';
import { Card } from '../card';

// The Ledger transport and wallet-adapter load only when the Wallet page shows the form.
const LedgerAddressButton = lazy(() => import('./ledger-address-button'));

export interface PayoutFormProps {
  current: string | null;
  /** Why the saved address is not used (set outside this form and not valid), from main. */
  problem: string | null;
  saving: boolean;
  /** Why the last save was refused, from main (what is wrong with the address and what to do). */
  error: string | null;
  onSave(address: string | null): Promise<boolean>;
  onEdit(): void;
}

/** The address earnings are paid to, typed or pasted by the owner and checked by the host before it is kept. */
export function PayoutForm({ current, problem, saving, error, onSave, onEdit }: PayoutFormProps) {
  // null while the owner has not typed: the field then shows the saved address, whoever changed it.
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? current ?? '';
  const [saved, setSaved] = useState(false);
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await onSave(value.trim() === '' ? null : value);
    setSaved(ok);
    if (ok) setDraft(null);
  };

  return (
    <Card title="Payout address" labelledBy="wallet-payout-title">
      {problem ? (
        <p className="wallet-field-error" data-testid="payout-problem">
          {problem} Save a valid address below.
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={inputId}>Wallet address to be paid in (Solana, base58)</label>
        <input
          id={inputId}
          className="wallet-input"
          value={value}
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
            if (error) onEdit();
          }}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${helpId}` : helpId}
          data-testid="payout-input"
        />
        {error ? (
          <p id={errorId} className="wallet-field-error" role="alert" data-testid="payout-error">
            {error}
          </p>
        ) : null}
        <p id={helpId} className="muted">
          Paste the address your wallet shows under “Receive” (a Ledger or phone wallet you keep elsewhere). GridHost
          checks it is a wallet address, not a token account. Leave it empty to clear it.
        </p>
        <div className="actions">
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save payout address'}
          </Button>
          <Suspense fallback={null}>
            <LedgerAddressButton
              onAddress={(address) => {
                setDraft(address);
                setSaved(false);
                if (error) onEdit();
              }}
            />
          </Suspense>
          <span role="status" className="muted" data-testid="payout-saved">
            {saved && !error ? (current ? 'Saved.' : 'Cleared.') : ''}
          </span>
        </div>
      </form>
    </Card>
  );
}
