import { useEffect } from 'react';
import type { ExplorerSnapshot } from '../../../shared/contract/earnings';
import { formatDuration, formatNos } from '../../../shared/format';
import { Card } from '../components/card';
import '../components/earnings/earnings.css';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { explorerActions, useExplorer, useExplorerError } from '../stores/explorer-store';

/** Seconds between reads of the grid's explorer while the page is open. */
const REFRESH_MS = 15_000;

function MarketCard({ market, mine }: { market: ExplorerSnapshot['markets'][number]; mine: boolean }) {
  return (
    <section className={`market${mine ? ' mine' : ''}`} aria-label={market.name} data-testid={`market-${market.slug}`}>
      <h3>
        {market.name} {mine ? <span className="muted">· this machine&apos;s market</span> : null}
      </h3>
      <dl>
        <dt>Price per second</dt>
        <dd>{formatNos(market.pricePerSecond)}</dd>
        <dt>Timeout</dt>
        <dd>{formatDuration(market.jobTimeoutSeconds * 1000)}</dd>
        <dt>Nodes onboarded</dt>
        <dd>{market.nodesOnboarded}</dd>
        <dt>Nodes queued</dt>
        <dd>{market.nodesQueued}</dd>
        <dt>Jobs running</dt>
        <dd>{market.jobsRunning}</dd>
        <dt>Jobs, last 24 h</dt>
        <dd>{market.jobsLast24h}</dd>
        <dt>Median duration</dt>
        <dd>{market.medianDurationSeconds === null ? '—' : formatDuration(market.medianDurationSeconds * 1000)}</dd>
      </dl>
    </section>
  );
}

/** The grid's explorer: markets side by side (this machine's highlighted) and the recent jobs. */
export function ExplorerPage() {
  const snapshot = useExplorer();
  const error = useExplorerError();
  useEffect(() => {
    void explorerActions.load();
    const timer = setInterval(() => void explorerActions.load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <Page title="Explorer" intro="What the grid pays and how busy it is: every market, and the jobs run lately. Read from the grid every 15 seconds.">
      {error ? <Notice tone="fail" title="Could not load the explorer">{error}</Notice> : null}
      {snapshot?.problem ? <Notice tone="warn" title="The grid did not answer">{snapshot.problem}</Notice> : null}
      <Card title="Markets" labelledBy="explorer-markets">
        {!snapshot ? <p className="muted">Loading…</p> : null}
        <div className="market-grid">
          {snapshot?.markets.map((m) => <MarketCard key={m.slug} market={m} mine={m.slug === snapshot.myMarket} />)}
        </div>
      </Card>
      <Card title="Recent jobs" labelledBy="explorer-jobs">
        {snapshot && snapshot.jobs.length === 0 ? <p className="empty">No jobs have run on this grid yet.</p> : null}
        {snapshot && snapshot.jobs.length > 0 ? (
          <table className="data" data-testid="explorer-jobs">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Market</th>
                <th scope="col">Node</th>
                <th scope="col">Price per second</th>
                <th scope="col">Duration</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {snapshot.jobs.map((j) => (
                <tr key={j.runId}>
                  <td>{new Date(j.startedAt).toLocaleString()}</td>
                  <td>{j.market}</td>
                  <td className="mono">{j.node}</td>
                  <td>{formatNos(j.pricePerSecond)}</td>
                  <td>{formatDuration(j.durationSeconds * 1000)}</td>
                  <td>{j.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
    </Page>
  );
}
