import { Button } from './button';

/** "Show older" under a paged list: shown while the host has older rows; the list grows by one page per press. */
export function ShowOlder({ more, loading, onShow, testId }: { more: boolean; loading: boolean; onShow: () => void; testId: string }) {
  if (!more) return null;
  return (
    <div className="actions">
      <Button onClick={onShow} disabled={loading} aria-busy={loading} data-testid={testId}>
        {loading ? 'Loading older…' : 'Show older'}
      </Button>
    </div>
  );
}
