import { useEffect } from 'react';
import { Notice } from '../components/notice';
import { pages } from '../pages';
import { useConnection } from '../stores/connection-store';
import { hostActions } from '../stores/host-store';
import { hrefFor, useRoute } from './router';

/** The app shell: navigation on the left, the current page on the right, connection problems on top. */
export function App() {
  const route = useRoute();
  const connection = useConnection();
  const current = pages.find((p) => hrefFor(p.id) === `#${route}`) ?? pages[0]!;

  useEffect(() => {
    // Load (and after every reconnection, reload) the snapshots; pushed events keep them current.
    if (connection.state === 'connected') void hostActions.load();
  }, [connection.state, connection.generation]);

  useEffect(() => {
    document.title = `${current.title} · GridHost`;
  }, [current.title]);

  if (connection.state === 'unauthorized') {
    return (
      <main className="full-page-message" data-testid="unauthorized">
        <h1>Not authorized</h1>
        <Notice tone="fail" title="This dashboard link has no valid access token.">
          <p>{connection.detail}</p>
          <p>
            On the machine running GridHost, look at the output of <code>gridhost start --headless</code> and open the
            full <q>Dashboard:</q> link it printed (it ends with <code>?token=…</code>).
          </p>
        </Notice>
      </main>
    );
  }

  const Current = current.component;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" /> GridHost
        </div>
        <ul>
          {pages.map((page) => (
            <li key={page.id}>
              <a href={hrefFor(page.id)} aria-current={page.id === current.id ? 'page' : undefined}>
                {page.title}
              </a>
            </li>
          ))}
        </ul>
        <div className="nav-footer" data-testid="connection-state">
          {connection.state === 'connected' ? 'Connected to host' : connection.state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </div>
      </nav>
      <main className="main" id="main">
        {connection.state === 'reconnecting' ? (
          <Notice tone="warn" title="Lost the connection to the host">
            {connection.detail}
          </Notice>
        ) : null}
        <Current />
      </main>
    </div>
  );
}
