import { randomBytes } from 'node:crypto';
import { formatDuration, formatNos } from '../../src/shared/format';
import type { ExplorerJobs, ExplorerMarkets } from '../../src/main/core/grid/explorer-protocol';

/** Seconds between the page's own reloads. */
const REFRESH_SECONDS = 15;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The public explorer page at `/explorer`: server-rendered HTML (no script at all), reloaded every 15 s,
 * under a strict Content-Security-Policy (nothing but its own inline style, by nonce).
 */
export function explorerPage(markets: ExplorerMarkets, jobs: ExplorerJobs): { html: string; csp: string } {
  const nonce = randomBytes(16).toString('base64');
  const marketRows = markets.markets
    .map(
      (m) => `<tr><th scope="row">${escapeHtml(m.name)}<div class="muted">${escapeHtml(m.slug)}</div></th>
<td>${formatNos(m.pricePerSecond)}</td><td>${formatDuration(m.jobTimeoutSeconds * 1000)}</td><td>${m.nodesOnboarded}</td>
<td>${m.nodesQueued}</td><td>${m.jobsRunning}</td><td>${m.jobsLast24h}</td>
<td>${m.medianDurationSeconds === null ? '—' : formatDuration(m.medianDurationSeconds * 1000)}</td></tr>`,
    )
    .join('\n');
  const jobRows = jobs.jobs
    .map(
      (j) => `<tr><td>${escapeHtml(new Date(j.startedAt).toISOString().replace('T', ' ').slice(0, 19))} UTC</td><td>${escapeHtml(j.market)}</td>
<td><code>${escapeHtml(j.node)}</code></td><td>${formatNos(j.pricePerSecond)}</td><td>${formatDuration(j.durationSeconds * 1000)}</td><td>${escapeHtml(j.outcome)}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}"><title>Grid explorer</title>
<style nonce="${nonce}">
:root { color-scheme: light dark; --fg: #1c2230; --muted: #5b6475; --line: #d9dee7; --bg: #fff; --head: #f3f5f9; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --line: #2e3544; --bg: #141821; --head: #1c2230; } }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--head); font-weight: 600; }
.muted { color: var(--muted); font-size: .85em; font-weight: normal; }
</style></head><body>
<h1>Grid explorer</h1>
<p class="muted">What this grid pays and how busy it is, as of ${escapeHtml(markets.generatedAt)}. Read-only; reloads every ${REFRESH_SECONDS} seconds. JSON: <code>/v1/explorer/markets</code>, <code>/v1/explorer/jobs</code>.</p>
<h2>Markets</h2>
<table><thead><tr><th scope="col">Market</th><th scope="col">Price per second</th><th scope="col">Timeout</th><th scope="col">Nodes onboarded</th><th scope="col">Nodes queued</th><th scope="col">Jobs running</th><th scope="col">Jobs, last 24 h</th><th scope="col">Median duration</th></tr></thead>
<tbody>${marketRows || '<tr><td colspan="8">No markets yet.</td></tr>'}</tbody></table>
<h2>Recent jobs</h2>
<table><thead><tr><th scope="col">Started</th><th scope="col">Market</th><th scope="col">Node</th><th scope="col">Price per second</th><th scope="col">Duration</th><th scope="col">Outcome</th></tr></thead>
<tbody>${jobRows || '<tr><td colspan="6">No jobs have run yet.</td></tr>'}</tbody></table>
</body></html>`;
  return { html, csp: `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'` };
}
